/**
 * Links from the image of each FROM (and of the `# syntax=` directive) to its page on the
 * registry: Docker Hub (official images under `_/`, others under `r/`), ghcr.io, quay.io,
 * mcr.microsoft.com, gcr.io (and its regional hosts), registry.k8s.io and public.ecr.aws. A
 * variable in the image name takes the default of its global ARG; when one has none, or the
 * image is another stage or `scratch`, there is no link. No network: only URLs (imageLinks.ts,
 * shared with compose files).
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { DockerfileModel } from './dockerfileModel';
import { imagePage } from '../imageLinks';

/** A value with its quotes taken off. */
function unquote(v: string): string {
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

/**
 * The image name with its variables replaced by the defaults of the global ARGs (`$N`, `${N}`,
 * `${N:-word}`, `${N-word}`); undefined when a value is not known.
 */
function resolved(m: DockerfileModel, image: string): string | undefined {
  let failed = false;
  const value = (name: string): string | undefined => {
    const id = m.globalArgs.get(name);
    const v = id === undefined ? undefined : m.occurrences[id].value;
    return v === undefined || v.includes('$') ? undefined : unquote(v);
  };
  const out = image.replace(
    /\$\{([A-Za-z_]\w*)(?:(:?-)([^${}]*))?\}|\$([A-Za-z_]\w*)/g,
    (
      _all,
      braced: string | undefined,
      mod: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const name = braced ?? bare ?? '';
      const v = value(name);
      if (mod && (v === undefined || (mod === ':-' && v === ''))) return word ?? '';
      if (v === undefined) failed = true;
      return v ?? '';
    },
  );
  return failed || out.includes('$') ? undefined : out;
}

export function dockerfileLinks(m: DockerfileModel): DocumentLink[] {
  return m.memo('links', () => {
    const out: DocumentLink[] = [];
    for (const d of m.directives) {
      if (d.name !== 'syntax') continue;
      const target = imagePage(d.value);
      if (target) out.push({ range: d.valueRange, target });
    }
    for (const s of m.stages) {
      // a stage name is not an image
      if (!s.image || s.base !== undefined) continue;
      const image = s.image.name.includes('$') ? resolved(m, s.image.name) : s.image.name;
      const target = image ? imagePage(image) : undefined;
      if (target) out.push({ range: s.image.range, target });
    }
    return out;
  });
}
