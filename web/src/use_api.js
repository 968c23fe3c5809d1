// Data from the API for components: useApi(path) loads a route and loads it again
// whenever the server says something changed (its event stream).
import { useEffect, useState } from 'preact/hooks';
import { api, watchEvents } from './api.js';

// Counts the server's events (a refresh computed values, an action item or annotation
// was written), so every view reloads what it shows when the data changes.
let serverChanges = 0;
const changeListeners = new Set();
export function listenToServer() {
  watchEvents(() => {
    serverChanges += 1;
    for (const listener of changeListeners) listener(serverChanges);
  });
}

function useServerChanges() {
  const [changes, setChanges] = useState(serverChanges);
  useEffect(() => {
    changeListeners.add(setChanges);
    return () => changeListeners.delete(setChanges);
  }, []);
  return changes;
}

// Loads `path` whenever it or `version` changes, and again on every server event:
// {data, error}. A reload after an event keeps showing the old data until the new
// arrives; a new path shows "Loading…".
export function useApi(path, version = 0) {
  const changes = useServerChanges();
  const [state, setState] = useState({ data: null, error: null, path: null });
  useEffect(() => {
    let live = true;
    setState((old) => (old.path === path ? old : { data: null, error: null, path }));
    if (path === null) return undefined;  // nothing to load (a section a share link does not open)
    api(path).then(
      (data) => live && setState({ data, error: null, path }),
      (error) => live && setState({ data: null, error, path }),
    );
    return () => {
      live = false;
    };
  }, [path, version, changes]);
  return state;
}
