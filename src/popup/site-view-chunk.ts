/**
 * The site view is most of the popup's code, and the all-sites list needs none of it: it is a chunk of
 * its own, fetched at start when the popup may open on a site (main.tsx) and only then, so the list
 * paints without it and a site view's code loads while its state is on its way.
 */
import { useEffect, useState } from 'preact/hooks';

type SiteViewComponent = typeof import('../ui/SiteView').SiteView;

let loaded: SiteViewComponent | null = null;
let loading: Promise<SiteViewComponent> | null = null;

export function loadSiteView(): Promise<SiteViewComponent> {
  loading ??= import('../ui/SiteView').then((m) => {
    loaded = m.SiteView;
    return m.SiteView;
  });
  return loading;
}

/** The SiteView component once its chunk is in (null until then); `needed` starts the fetch. */
export function useSiteView(needed: boolean): SiteViewComponent | null {
  const [component, setComponent] = useState<SiteViewComponent | null>(loaded);
  useEffect(() => {
    if (!needed || component !== null) return;
    let live = true;
    void loadSiteView().then((c) => {
      if (live) setComponent(() => c);
    });
    return () => {
      live = false;
    };
  }, [needed, component]);
  return component;
}
