// Starts GraphiQL (globals React, ReactDOM, GraphiQL from the bundles loaded before). A file of its own, not an
// inline script, so the page's content security policy can allow scripts from this origin only.
'use strict';

(function start() {
  // The page is served at the GraphQL endpoint itself, so this also holds behind a proxy that adds a path prefix.
  const url = window.location.pathname;
  const subscriptionUrl = `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}${url}`;
  const fetcher = GraphiQL.createFetcher({ url, subscriptionUrl });
  // Dialogs insert a <style> element; the page's policy admits it by the nonce the service put into the page.
  window.__webpack_nonce__ = document.querySelector('meta[name="style-nonce"]').content;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true, shouldPersistHeaders: true }),
  );
})();
