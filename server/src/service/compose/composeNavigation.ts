/**
 * Compose navigation: services, networks, volumes, secrets, configs, models and YAML anchors
 * (definition, references, highlights, rename), other files the compose file names, outline,
 * folding, image links and formatting. (Being built: every request answers empty.)
 */
import type { Navigation } from '../navigation';
import type { ComposeParsed } from '../languageService';

export const composeNavigation: Navigation<ComposeParsed> = {
  definition: () => [],
  references: () => [],
  highlights: () => [],
  prepareRename: () => null,
  rename: () => null,
  symbols: () => [],
  folding: () => [],
  links: () => [],
  format: () => [],
};
