/**
 * Who may call a service through the mesh: `mesh.authorization` rules (Istio AuthorizationPolicy,
 * Consul intentions) and `mesh.requestAuthentication` (Istio RequestAuthentication: the token
 * issuers a service's sidecars accept). Patterns follow Istio's: exact, `prefix*`, `*suffix`, `*`.
 */
import {
  check,
  dflt,
  fields,
  identifier,
  list,
  oneOf,
  opt,
  record,
  req,
  str,
  text,
  type Check,
} from '../checks';
import type { AuthorizationRule, RequestAuthenticationRule } from '../types';
import { headerName, httpPath, method } from './http';

/** The caller pattern matching any caller whose sidecar presented a certificate. */
export const ANY_MESH_IDENTITY = 'mesh:*';

/** A caller in an authorization rule: a service id, the gateway's id, `*` for any, or `mesh:*`. */
const caller: Check<string> = check(
  `${identifier.expects}, * (any caller) or ${ANY_MESH_IDENTITY} (any caller with a sidecar)`,
  (node, path, r) => {
    if (node.kind === 'scalar' && (node.value === '*' || node.value === ANY_MESH_IDENTITY)) return node.value;
    return identifier(node, path, r);
  },
);

/** A path pattern of an authorization rule: a prefix `/api`, `/api*`, a suffix `*.json`, or `*`. */
const pathPattern: Check<string> = check(
  `${httpPath.expects}, possibly ending in *; *suffix; or *`,
  (node, path, r) => {
    const v = node.kind === 'scalar' ? node.value : undefined;
    if (typeof v === 'string' && v.startsWith('*') && !/\s/.test(v)) return v;
    return httpPath(node, path, r);
  },
);

/** A method of an authorization rule, upper-cased, or `*` for any. */
const methodPattern: Check<string> = check(`${method.expects}, or *`, (node, path, r) =>
  node.kind === 'scalar' && node.value === '*' ? '*' : method(node, path, r),
);

/** Header name (lower-cased) to the values, any of which matches: exact, `prefix*`, `*suffix` or `*`. */
const headerValues = record(list(text, 1), headerName);

/** An end-user principal pattern: `issuer/subject`, `issuer/*`, `*` (any valid token), ... */
const principalPattern: Check<string> = str;

/** One rule of `mesh.authorization`. */
export const authorizationRule: Check<AuthorizationRule> = fields({
  service: req(identifier),
  action: dflt(oneOf(['ALLOW', 'DENY'], 'authorization action'), 'ALLOW'),
  from: opt(list(caller, 1)),
  notFrom: opt(list(caller, 1)),
  paths: opt(list(pathPattern, 1)),
  notPaths: opt(list(pathPattern, 1)),
  methods: opt(list(methodPattern, 1)),
  notMethods: opt(list(methodPattern, 1)),
  headers: opt(headerValues),
  notHeaders: opt(headerValues),
  requestPrincipals: opt(list(principalPattern, 1)),
  notRequestPrincipals: opt(list(principalPattern, 1)),
});

/** One entry of `mesh.requestAuthentication`: the issuers a service (absent: every service) accepts. */
export const requestAuthenticationRule: Check<RequestAuthenticationRule> = fields({
  service: opt(identifier),
  issuers: req(list(str, 1)),
});
