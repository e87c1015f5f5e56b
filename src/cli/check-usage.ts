// The help text of `cluster-chaos check`: its arguments, options with their defaults, and exit codes.

export const checkUsage = `Usage:
  cluster-chaos check <entry> [options]
  cluster-chaos check [options] -- <command...>
  cluster-chaos check [options]         the targets of cluster-chaos.config.{json,js,mjs,ts} here (or --config)
  cluster-chaos merge <result.json...>  shards' results joined into one verdict (see cluster-chaos merge --help)

<entry> is the app's entry file (it listens on PORT and starts WORKERS workers) or a built-in topology name.

Options:
  --workers N           workers to start (env WORKERS); default 2
  --protocol tcp|http   what the app speaks; default tcp (http for the http topology)
  --runs R              schedules to run; default 100
  --time-limit T        stop starting runs after T (90s, 5m, or ms); a run under way finishes, shrinking
                        stops there too; default none
  --shard i/n           play part i of n of the campaign (machine i of n; the same --seed on every machine):
                        no schedule is played by two shards; a problem's path names its shard (3/4@12)
  --json FILE           write the result as JSON (docs/result.schema.json), for CI and cluster-chaos merge
  --junit FILE          write the result as JUnit XML: a test case per target (and shard)
  --config FILE         the config file of the targets to check when no entry is given
  --seed S              replay the schedules of a seed
  --path P              with --seed: replay exactly one counterexample (as printed: 17, 12-17:d0-9:s1.0)
  --restore-within MS   deadline for restoring the workers after a fault; default 5000
  --strict              no lost connection at all, even one a fault hit
  --min-available N     fault budget: faults never leave fewer than N available workers (they wait, or are
                        skipped); default 0
  --max-answered-status N
                        HTTP: the highest status that counts as an answer; default 499 (a 5xx is a loss)
  --client-faults [KINDS]
                        misbehaving clients in the bursts: some connections reset, go silent, half-close,
                        abort, stall, drip or send too much (KINDS: reset,connect-then-silence,half-close,
                        abort-after,stall,slow-drip,oversized; default all the protocol can play: over tcp
                        no stall nor slow-drip); their own loss is never the app's; default off
  --max-idle MS         an idle client (stall, connect-then-silence, slow drip) must be cut off by the app
                        within MS of its last byte (below 3000); draws idle clients; default not checked
  --port N              the port (env PORT); default a free one (a fixed port: never two clusters at once)
  --shrink-budget MS    how long shrinking may take in all; default 30000
  --runs-after-failure N
                        after a failure, keep looking for other problems until N runs in a row found
                        nothing new; default 10 (0: stop at the first failure)
  --ready-timeout MS    how long the cluster may take to become ready; default 10000
  --reload-signal SIG   schedules also reload the cluster by sending SIG (e.g. SIGHUP) to the master,
                        during bursts and between them; no connection lost across a reload is excused
  --reload-command CMD  the same, by running CMD with sh -c (e.g. "pm2 reload app"; env: PORT, WORKERS,
                        CLUSTER_CHAOS_MASTER_PID); the reload is complete once CMD exited 0 and every
                        old worker is replaced
  --report DIR          where report.html, timeline.svg and history.json go; default ./cluster-chaos-report
  --verbose             print the app's output tail on errors, and every run's status
  -h, --help            this text
  --version             the version of cluster-chaos

Exit codes: 0 every run passed; 1 at least one problem (each printed, shrunk, with a replay line);
2 bad input or usage; 3 inconclusive (no run failed, some proved nothing); 4 an error of cluster-chaos
or of the environment (not a verdict on the app).`;
