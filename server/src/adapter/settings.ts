/** The extension's settings as the client sends them, and how they become the service's settings. */
import { DEFAULT_SETTINGS, type Settings } from '../service/languageService';
import { DEFAULT_FORMAT_SETTINGS, type FormatSettings } from '../service/navigation';

/** `dockerInlineHelp.*` as the client sends it (any part may be missing or of the wrong type). */
export interface ClientSettings {
  dockerfile?: Partial<Settings['dockerfile']>;
  compose?: Partial<Settings['compose']>;
  cli?: Partial<Settings['cli']>;
  notes?: { folders?: string[] };
  format?: Partial<Record<keyof FormatSettings, unknown>>;
}

/** `dockerInlineHelp.format.*`, values of the wrong type read as the default. */
function formatSettings(f: ClientSettings['format']): FormatSettings {
  const indent = f?.continuationIndent;
  return {
    continuationIndent:
      typeof indent === 'number' && Number.isInteger(indent) && indent >= 0 && indent <= 16
        ? indent
        : DEFAULT_FORMAT_SETTINGS.continuationIndent,
    keepAlignedContinuations:
      typeof f?.keepAlignedContinuations === 'boolean'
        ? f.keepAlignedContinuations
        : DEFAULT_FORMAT_SETTINGS.keepAlignedContinuations,
  };
}

/** The service's settings: the defaults, overridden by what the client set. */
export function serviceSettings(s: ClientSettings): Settings {
  return {
    dockerfile: { ...DEFAULT_SETTINGS.dockerfile, ...(s.dockerfile ?? {}) },
    compose: { ...DEFAULT_SETTINGS.compose, ...(s.compose ?? {}) },
    cli: { ...DEFAULT_SETTINGS.cli, ...(s.cli ?? {}) },
    format: formatSettings(s.format),
  };
}

/** The user notes folders (strings only). */
export function notesFolders(s: ClientSettings): string[] {
  return Array.isArray(s.notes?.folders)
    ? s.notes.folders.filter((f): f is string => typeof f === 'string')
    : [];
}
