/** Types of build.mjs (plain JavaScript so that it runs before tsc), for the tests that build the page first. */
export declare const WEB_BUILD_DEFAULTS: { outdir: string; basemap: string; minify: boolean };
export declare function buildWeb(options?: typeof WEB_BUILD_DEFAULTS): Promise<string>;
