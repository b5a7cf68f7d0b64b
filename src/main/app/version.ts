import pkg from '../../../package.json' with { type: 'json' };

/** This build's version, as reported to the coordinator at registration. */
export const APP_VERSION: string = pkg.version;
