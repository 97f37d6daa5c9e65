/**
 * Dockerfile navigation: build stages and variables (definition, references, highlights, rename),
 * outline, folding, image links and formatting. (Being built: every request answers empty.)
 */
import type { Navigation } from '../navigation';
import type { DockerfileParsed } from '../languageService';

export const dockerfileNavigation: Navigation<DockerfileParsed> = {
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
