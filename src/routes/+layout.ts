// An SPA: the relay serves index.html for every path, and all data lives in the browser.
export const ssr = false;
export const prerender = false;
