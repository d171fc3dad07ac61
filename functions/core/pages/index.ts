export { clientScript, eachPage, PageBudgetError, type PageFile, renderPages } from './render-pages.ts';
