/** The help texts of `meshsim --help` and `meshsim help COMMAND`. */

/** The overview printed by `meshsim --help`. */
export const GENERAL_HELP = `meshsim: discrete-event simulation of API gateways and service meshes

Usage:
  meshsim run FILE... [--seed N] [--duration D] [--variant NAME] [--json] [--trace FILE]
  meshsim validate FILE...
  meshsim compare FILE... [--seed N] [--duration D] [--replications N] [--json]
  meshsim check FILE... [--seed N] [--seeds N] [--duration D] [--json]
  meshsim import FILE ...
  meshsim export FILE --to kong|istio|consul [--variant NAME] [--workloads] [--out PATH]
  meshsim help [COMMAND]
  meshsim --version

Commands:
  run        simulate a scenario file or a config bundle and print its report (every variant)
  validate   check a scenario file or a config bundle; print every problem as file:line:col
  compare    simulate every variant of a file and show the changes against the first
  check      run a lesson on several seeds and say whether each of its claims holds
  import     print the scenario equivalent to Kong, AWS API Gateway, Istio or Consul config
  export     write a scenario's gateway as Kong config, or its mesh as Istio or Consul config

run and validate also take Kong, AWS API Gateway, Istio or Consul config (a bundle: one file or
several, with or without a meshsim scenario document): it is imported as \`import\` imports it, then
run or checked.

Durations take the units of scenario files: 250us, 500ms, 1.5s, 2m (a bare number is ms).

Exit codes: 0 ok, 1 invalid or unreadable scenario file, 2 usage error, 3 internal error
(set MESHSIM_DEBUG=1 to print its stack), 4 a claim checked by \`check\` does not hold,
130 a run, compare or check stopped by Ctrl-C (it says how far it got and reports nothing;
a second Ctrl-C ends it at once).
`;

/** Per-command help, by command name. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  run: `Usage: meshsim run FILE... [--seed N] [--duration D] [--variant NAME] [--json] [--trace FILE]

Simulates FILE and prints, for every variant (or the base scenario when it has none), the requests
(generated, ok, failed, in flight, success rate, by status), end-to-end latency (mean, p50, p90, p99,
p99.9, max), throughput, attempts and retry amplification, then a table per component.

  --seed N         seed of every random stream, instead of the file's (a non-negative integer)
  --duration D     simulated time, instead of the file's (e.g. 30s, 500ms, 2m)
  --variant NAME   run only this variant
  --json           print the report as JSON (one object, every variant's figures) and nothing else
  --trace FILE     write the sampled requests' traces (spans and notes) as JSON

FILE may be Kong, AWS API Gateway, Istio or Consul config, or several files of one bundle (see
'meshsim help import'): the bundle is imported, its warnings printed on stderr as file:line:col, and
the scenario it makes is run ('meshsim import' prints that scenario). A bundle from which no config
document was read is an error (exit 1) naming each document left out and why.

A progress bar is drawn on standard error when a run takes over a second and stderr is a terminal.
`,
  validate: `Usage: meshsim validate FILE...

Loads FILE and prints one line of counts when it is valid (exit 0). Otherwise prints every error as
file:line:col: path: message, and exits 1. Warnings print the same way but do not fail.

FILE may be Kong, AWS API Gateway, Istio or Consul config, or several files of one bundle: it is
imported (its warnings print as above, at the bundle's own lines) and the scenario it makes is
checked; the line of counts then says "(imported)". A bundle from which no config document was read
fails (exit 1).
`,
  compare: `Usage: meshsim compare FILE... [--seed N] [--duration D] [--replications N] [--json]

Simulates every variant of FILE (it needs at least two, or one setup run over several
replications) on the same arrivals and prints them side by side. After each variant but the first
come its changes against the first: Δ in the row's unit and Δ% relative for counts, latencies and
throughput; Δ in percentage points (pp) for the success rate and utilization. FILE may be a bundle
of product config with a scenario document, imported as for 'meshsim run'.

With several replications (the file's \`replications\`, or --replications), the file runs on seeds
seed, seed + 1, ...; every figure is the mean over them with its 95 % confidence interval (± half
width, Student's t), and every Δ the mean of the paired differences (same seed, same arrivals) with
its own interval; a Δ whose interval leaves out zero is marked *.

  --seed N            first seed, instead of the file's
  --duration D        simulated time, instead of the file's
  --replications N    runs on consecutive seeds, 1 to 50, instead of the file's
  --json             print the first run's report as JSON, as \`run --json\` does, with the
                      comparison over every run under "comparison"
`,
  check: `Usage: meshsim check FILE... [--seed N] [--seeds N] [--duration D] [--json]

Runs FILE on several seeds (3 unless --seeds says; from the file's seed unless --seed says) and
evaluates each claim of its \`expect\` list on each: prints ✓ or ✗ with the claim's sentence, then
its check and the value measured on every seed. Exits 0 when every claim holds on every seed, 4
when one does not, 1 when the file is invalid, 2 when it has no claims. FILE may be a bundle of
product config whose scenario document states the claims, imported as for 'meshsim run'.

  --seed N       first seed
  --seeds N      how many consecutive seeds to run
  --duration D   simulated time, instead of the file's
  --json         print { scenario, seeds, claims: [ { say, check, holds, runs } ] } instead
`,
  import: `Usage: meshsim import FILE ...

Prints, as YAML, the scenario equivalent to Kong declarative config (_format_version), Istio
resources (apiVersion: networking.istio.io or security.istio.io) and Consul config entries (Kind:
service-router, service-splitter, service-resolver, service-defaults, service-intentions), or to a
bundle of them with a meshsim scenario document, whose own fields win. AWS API Gateway config is an
OpenAPI 3 or Swagger 2 definition with x-amazon-apigateway-* extensions, or a CloudFormation or SAM
template (YAML with !Ref and the other short-form tags, or JSON). Kong, AWS API Gateway or Apigee
makes the gateway; Istio and Consul make the mesh section (subset v2 of reviews is the service
reviews-v2). Linkerd resources (apiVersion: linkerd.io, policy.linkerd.io or split.smi-spec.io:
ServiceProfile, HTTPRoute, Server, AuthorizationPolicy, TrafficSplit, ...) make it with profile
linkerd; with one of them, or a workload annotated linkerd.io/inject, the bundle's Gateway API
HTTPRoutes and Deployments are read as Linkerd's. Config of several meshes, or of several gateways,
runs one variant per product. Every field that is not modelled is a warning on stderr as
file:line:col: message. Exit 0, or 1 when the input is invalid or no config document of it was read
(each document left out is named, with why).
'meshsim run' and 'meshsim validate' take the same files directly.

An Apigee API proxy is read as Apigee exports it: its apiproxy/ folder, the folder holding it, or
a zip of it (the APIProxy descriptor, ProxyEndpoints, TargetEndpoints and policies, all XML); it
makes an apigee gateway, its flows and route rules the routes, its policies their plugins.
`,
  export: `Usage: meshsim export FILE --to kong|istio|consul [--variant NAME] [--workloads] [--out PATH]

Writes the base scenario of FILE (a scenario file or a bundle) as product config, so that a policy
tuned in the simulator can be taken back: --to kong writes its gateway as a deck file
(_format_version "3.0": services, routes, upstreams with one target per instance, plugins,
consumers); --to istio its mesh as VirtualServices, DestinationRules, PeerAuthentications,
RequestAuthentications and AuthorizationPolicies; --to consul its mesh as JSON config entries
(service-resolver, -router, -splitter, -defaults, -intentions, proxy-defaults). Only values that
differ from the product's defaults are written for the mesh. 'meshsim import' of the output gives
the same gateway or mesh back for every field the product holds.

Every field the product cannot hold (and the variants not exported) is listed on stderr as
"not exported: PATH: why"; fields that size the simulation (gateway overhead, sidecar cost) stay in
the scenario document, which a bundle of it and the exported config runs as before.

  --to PRODUCT   kong, istio or consul
  --variant NAME export that variant of FILE instead of its base scenario
  --workloads    with --to istio, also a ServiceAccount, a Deployment (replicas: the service's
                 instances) and a Service for each service
  --out PATH     write to PATH instead of stdout; for consul PATH is an existing directory, and
                 each entry is a file of its own (KIND-NAME.json), as 'consul config write' takes it
`,
  help: `Usage: meshsim help [COMMAND]

Prints the overview, or the help of COMMAND (run, validate, compare, check, import, export).
`,
};
