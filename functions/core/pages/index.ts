export { clientScript, type PageFile, renderPages } from './render-pages.ts';
