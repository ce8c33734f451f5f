/**
 * The DisplayModel's schema version. Apart from display-model.ts so that building a model does
 * not construct the schema: the device parses models only where it hands them to Electron.
 */
export const DISPLAY_MODEL_VERSION = 1;
