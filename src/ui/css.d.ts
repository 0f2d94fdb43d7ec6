/** Stylesheets are imported for their side effect; Vite bundles them next to the page. */
declare module '*.css';
