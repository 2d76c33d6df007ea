/**
 * A PkgURL (or a descriptor's objectURI) may carry the expected digest of the package in its fragment,
 * `…/app.tar.gz#sha256=<64 hex digits>`: the fragment never reaches the server (RFC 9110 §4.2.4), so
 * a repository can hand out digest-pinned URLs without anything new in the SCOMO tree.
 */
export function digestFromFragment(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const hash = url.indexOf('#');
  if (hash < 0) return undefined;
  const match = /(?:^|[&;])sha-?256=([0-9a-fA-F]{64})(?:$|[&;])/.exec(url.slice(hash + 1));
  return match?.[1]?.toLowerCase();
}

/** The URL without its fragment: what is requested. */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}
