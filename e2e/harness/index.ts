// The e2e harness: import everything from here.

export { unpackedExtensionId } from './chromium';
export { disposeAll } from './cleanup';
export {
  type DjangoConfig,
  type DjangoServer,
  LAB_HOST,
  LAB_HOSTS,
  type LabCertificate,
  labCertificate,
  type SessionEngine,
  type SiteAddress,
  startDjango,
} from './django';
export {
  BROWSERS,
  type BrowserCookie,
  type BrowserName,
  type LaunchOptions,
  launch,
  OPTIONS_PATH,
  POPUP_PATH,
  type RestartOptions,
  type Session,
  screenshotLiveSessions,
} from './launch';
export type { E2EPage } from './page';
export {
  CHROMIUM_PATH,
  DIST_CHROME,
  DIST_FIREFOX,
  e2eRunDir,
  FIREFOX_PATH,
  freshPath,
  GECKO_ID,
  PYTHON_PATH,
  ROOT,
} from './paths';
export { killTree, pidsMentioning, removeDir } from './processes';
export { exportJson, sendOk } from './replies';
export { delay, type WaitOptions, waitFor, withTimeout } from './wait';
