export { clientScript, PageBudgetError, type PageFile, renderPages } from './render-pages.ts';
