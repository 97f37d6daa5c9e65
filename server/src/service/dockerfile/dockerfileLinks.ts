/**
 * Links from the image of each FROM (and of the `# syntax=` directive) to its page on the
 * registry: Docker Hub (official images under `_/`, others under `r/`), ghcr.io, quay.io,
 * mcr.microsoft.com, gcr.io (and its regional hosts), registry.k8s.io and public.ecr.aws. A
 * variable in the image name takes the default of its global ARG; when one has none, or the
 * image is another stage or `scratch`, there is no link. No network: only URLs.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { DockerfileModel } from './dockerfileModel';

/** Path components of a repository name (distribution's reference grammar, lower case). */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST =
  /^(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+(?::\d+)?$|^localhost(?::\d+)?$|^[a-zA-Z0-9-]+:\d+$/;
const GCR_LOCATION: Record<string, string> = {
  'gcr.io': 'GLOBAL',
  'us.gcr.io': 'US',
  'eu.gcr.io': 'EU',
  'asia.gcr.io': 'ASIA',
};

/** The registry page of an image reference (`[host/]path[:tag][@digest]`), if we know one. */
export function imagePage(ref: string): string | undefined {
  let name = ref.replace(/@[^@]*$/, '');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  const parts = name.split('/');
  let host = 'docker.io';
  if (parts.length > 1 && HOST.test(parts[0])) host = parts.shift()?.toLowerCase() ?? host;
  if (!parts.length || !parts.every((p) => COMPONENT.test(p))) return undefined;
  const path = parts.join('/');
  switch (host) {
    case 'docker.io':
    case 'index.docker.io':
    case 'registry-1.docker.io':
      if (parts.length === 1)
        return path === 'scratch' ? undefined : `https://hub.docker.com/_/${path}`;
      if (parts.length === 2 && parts[0] === 'library')
        return `https://hub.docker.com/_/${parts[1]}`;
      return parts.length === 2 ? `https://hub.docker.com/r/${path}` : undefined;
    case 'ghcr.io':
      return parts.length >= 2 ? `https://ghcr.io/${path}` : undefined;
    case 'quay.io':
      return parts.length >= 2 ? `https://quay.io/repository/${path}` : undefined;
    case 'mcr.microsoft.com':
      return `https://mcr.microsoft.com/artifact/mar/${path}`;
    case 'registry.k8s.io':
      return `https://explore.ggcr.dev/?repo=registry.k8s.io/${path}`;
    case 'public.ecr.aws':
      return parts.length >= 2 ? `https://gallery.ecr.aws/${path}` : undefined;
    default: {
      const location = GCR_LOCATION[host];
      if (location && parts.length >= 2)
        return `https://console.cloud.google.com/gcr/images/${parts[0]}/${location}/${parts.slice(1).join('/')}`;
      return undefined;
    }
  }
}

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
