/**
 * The registry page of an image reference, shared by every file kind that names images (`FROM` in
 * Dockerfiles, `image:` in compose files): Docker Hub (official images under `_/`, others under
 * `r/`), ghcr.io, quay.io, mcr.microsoft.com, gcr.io (and its regional hosts), registry.k8s.io and
 * public.ecr.aws. No network: only URLs.
 */

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
