/**
 * Whether a file is product config (a bundle) or a meshsim scenario, by the rules the bundle importer
 * sorts documents with: one detector for the command line and the page, so both read a file alike.
 */
import { Reporter } from '../diagnostics';
import { isConsulEntry, isConsulResource } from './consul';
import { readDocuments } from './documents';
import { looksLikeXml } from './apigee-xml';
import { isHcl } from './hcl';
import { isAwsDocument } from './aws';
import { looksLikeKong } from './kong-detect';

/**
 * Whether `text` is product config rather than a meshsim scenario, by the rules the bundle importer
 * sorts documents with: HCL (a Consul config entry), XML (a file of an Apigee proxy bundle), several YAML documents, or one that is Kong
 * config (with `_format_version`, or Kong's sections and none of meshsim's), a Kubernetes or Istio
 * resource (`apiVersion`), a Consul config entry or custom resource, AWS API Gateway config (an
 * OpenAPI definition with its extensions, a CloudFormation or SAM template), or has a `kind`. A file that does
 * not parse is not a bundle, so the scenario loader reports its syntax.
 */
export function isConfigBundle(text: string, fileName = ''): boolean {
  // XML is an Apigee API proxy bundle's (a descriptor, an endpoint or a policy): no scenario is XML.
  if (isHcl(text, fileName) || looksLikeXml(text)) return true;
  const { roots, documents } = readDocuments(text, new Reporter(fileName));
  // Several documents none of which was read (a file over the bounds): the import says why.
  if (roots.length > 1 || (roots.length === 0 && documents > 1)) return true;
  const root = roots[0];
  return (
    root?.kind === 'map' &&
    (root.entries.has('_format_version') ||
      root.entries.has('apiVersion') ||
      root.entries.has('kind') ||
      looksLikeKong(root) ||
      isAwsDocument(root) ||
      isConsulResource(root) ||
      isConsulEntry(root))
  );
}
