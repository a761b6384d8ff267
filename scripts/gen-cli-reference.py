#!/usr/bin/env python3
"""Writes docs/cli-reference.md: docker's and docker compose's commands and
flags next to ours. Ours come from the programs themselves (the hidden
`__commands` command prints every command and option); docker's are listed
below (Docker CLI 27, Compose v2.3x). tests/unit/cli checks the page against
the programs, so run this again after adding a command or a flag:

    python3 scripts/gen-cli-reference.py build/bin > docs/cli-reference.md
"""
import subprocess
import sys

# Docker's commands and their options, names as "-d,--detach".
DOCKER = {
    "": "--config -c,--context -D,--debug -H,--host -l,--log-level --tls --tlscacert --tlscert --tlskey --tlsverify -v,--version",
    "run": "-a,--attach --add-host --annotation --blkio-weight --cap-add --cap-drop --cgroup-parent --cgroupns --cidfile "
           "--cpu-period --cpu-quota -c,--cpu-shares --cpus --cpuset-cpus --cpuset-mems -d,--detach --detach-keys --device "
           "--dns --dns-option --dns-search --domainname --entrypoint -e,--env --env-file --expose --gpus --group-add "
           "--health-cmd --health-interval --health-retries --health-start-interval --health-start-period --health-timeout "
           "-h,--hostname --init -i,--interactive --ip --ip6 --ipc -l,--label --label-file --link --log-driver --log-opt "
           "--mac-address -m,--memory --memory-reservation --memory-swap --memory-swappiness --mount --name --network,--net "
           "--network-alias --no-healthcheck --oom-kill-disable --oom-score-adj --pid --pids-limit --platform --privileged "
           "-p,--publish -P,--publish-all --pull -q,--quiet --read-only --restart --rm --runtime --security-opt --shm-size "
           "--sig-proxy --stop-signal --stop-timeout --storage-opt --sysctl --tmpfs -t,--tty --ulimit -u,--user --userns "
           "--uts -v,--volume --volumes-from -w,--workdir",
    "start": "-a,--attach --checkpoint --checkpoint-dir --detach-keys -i,--interactive",
    "ps": "-a,--all -f,--filter --format -n,--last -l,--latest --no-trunc -q,--quiet -s,--size",
    "stop": "-s,--signal -t,--time",
    "kill": "-s,--signal",
    "rm": "-f,--force -l,--link -v,--volumes",
    "logs": "--details -f,--follow --since -n,--tail -t,--timestamps --until",
    "wait": "",
    "exec": "-d,--detach --detach-keys -e,--env --env-file -i,--interactive --privileged -t,--tty -u,--user -w,--workdir",
    "stats": "-a,--all --format --no-stream --no-trunc",
    "top": "",
    "inspect": "-f,--format -s,--size --type",
    "commit": "-a,--author -c,--change -m,--message -p,--pause",
    "images": "-a,--all --digests -f,--filter --format --no-trunc -q,--quiet --tree",
    "rmi": "-f,--force --no-prune --platform",
    "tag": "",
    "import": "-c,--change -m,--message --platform",
    "load": "-i,--input -q,--quiet --platform",
    "port": "",
    "version": "-f,--format",
    "network": "",
    "network create": "--attachable --aux-address --config-from --config-only -d,--driver --gateway --ingress --internal "
                      "--ip-range --ipam-driver --ipam-opt --ipv6 --label -o,--opt --scope --subnet",
    "network ls": "-f,--filter --format --no-trunc -q,--quiet",
    "network inspect": "-f,--format -v,--verbose",
    "network rm": "-f,--force",
    "network connect": "--alias --driver-opt --ip --ip6 --link --link-local-ip",
    "network disconnect": "-f,--force",
    "network prune": "--filter -f,--force",
    "volume": "",
    "volume create": "-d,--driver --label -o,--opt",
    "volume ls": "-f,--filter --format -q,--quiet",
    "volume inspect": "-f,--format",
    "volume rm": "-f,--force",
    "volume prune": "-a,--all --filter -f,--force",
    "attach": "--detach-keys --no-stdin --sig-proxy",
    "build": "", "cp": "-a,--archive -L,--follow-link -q,--quiet", "diff": "", "events": "-f,--filter --format --since --until",
    "export": "-o,--output", "history": "-H,--human --no-trunc -q,--quiet --format", "info": "-f,--format",
    "login": "", "logout": "", "pause": "", "unpause": "", "pull": "-a,--all-tags --platform -q,--quiet", "push": "",
    "rename": "", "restart": "-s,--signal -t,--time", "save": "-o,--output --platform", "search": "",
    "update": "--blkio-weight --cpu-period --cpu-quota -c,--cpu-shares --cpus --cpuset-cpus --cpuset-mems -m,--memory "
              "--memory-reservation --memory-swap --pids-limit --restart",
    "create": None,  # run's, less the ones that only make sense when running
    "system": "", "system df": "-v,--verbose --format", "system prune": "-a,--all --filter -f,--force --volumes",
    "container": "", "image": "", "context": "", "builder": "", "buildx": "", "manifest": "", "plugin": "",
    "swarm": "", "node": "", "service": "", "stack": "", "secret": "", "config": "", "trust": "", "checkpoint": "",
}
_run = DOCKER["run"].split()
DOCKER["create"] = " ".join(o for o in _run if o not in ("-d,--detach", "--detach-keys", "--sig-proxy"))

COMPOSE = {
    "": "--all-resources --ansi --compatibility --dry-run --env-file -f,--file --parallel --profile --progress "
        "--project-directory -p,--project-name -v,--version",
    "up": "--abort-on-container-exit --abort-on-container-failure --always-recreate-deps --attach --attach-dependencies "
          "--build -d,--detach --exit-code-from --force-recreate --menu --no-attach --no-build --no-color --no-deps "
          "--no-log-prefix --no-recreate --no-start --pull --quiet-pull --remove-orphans -V,--renew-anon-volumes --scale "
          "-t,--timeout --timestamps --wait --wait-timeout -w,--watch -y,--yes",
    "down": "--remove-orphans --rmi -t,--timeout -v,--volumes",
    "ps": "-a,--all --filter --format --no-trunc --orphans -q,--quiet --services --status",
    "logs": "-f,--follow --index --no-color --no-log-prefix --since -n,--tail -t,--timestamps --until",
    "start": "--wait --wait-timeout",
    "stop": "-t,--timeout",
    "restart": "--no-deps -t,--timeout",
    "kill": "--remove-orphans -s,--signal",
    "rm": "-f,--force -s,--stop -v,--volumes",
    "exec": "-d,--detach -e,--env --index -i,--interactive -T,--no-TTY --privileged -t,--tty -u,--user -w,--workdir",
    "run": "--build --cap-add --cap-drop -d,--detach --entrypoint -e,--env --env-from-file -i,--interactive -l,--label "
           "--name -T,--no-TTY --no-deps -p,--publish --pull --quiet-pull --remove-orphans --rm -P,--service-ports "
           "--use-aliases -u,--user -v,--volume -w,--workdir",
    "ls": "-a,--all --filter --format -q,--quiet",
    "config": "--environment --format --hash --images --networks --no-consistency --no-interpolate --no-normalize "
              "--no-path-resolution -o,--output --profiles -q,--quiet --resolve-image-digests --services --variables --volumes",
    "port": "--index --protocol",
    "top": "", "images": "--format -q,--quiet", "wait": "--down-project", "events": "--json --since --until",
    "version": "-f,--format --short",
    "attach": "--detach-keys --index --no-stdin --sig-proxy", "build": "", "commit": "", "cp": "", "create": "",
    "export": "", "pause": "", "unpause": "", "pull": "", "push": "", "scale": "", "stats": "", "watch": "",
}

NOTES = {
    ("mocker", "run", "--restart"): "recorded on the container (`inspect`: HostConfig.RestartPolicy); plain containers are not restarted yet",
    ("mocker", "create", "--restart"): "as run",
    ("mocker", "run", "--init"): "accepted: mocker-init is always PID 1, the workload never is",
    ("mocker", "create", "--init"): "as run",
    ("mocker", "run", "--health-cmd"): "recorded with the other --health-* flags; probes run for compose services only yet",
    ("mocker", "run", "--platform"): "only the host's platform",
    ("mocker", "run", "-P,--publish-all"): "the image's exposed ports, each on a free host port",
    ("mocker", "ps", "--format"): "table, json lines, Go template",
    ("mocker", "images", "--format"): "table, json lines, Go template",
    ("mocker", "inspect", "-f,--format"): "Go template; docker's field names (State, Config, HostConfig, NetworkSettings)",
    ("mocker", "", "--root"): "store directory",
    ("mocker-compose", "ps", "--format"): "table, json lines, Go template",
    ("mocker-compose", "", "--dry-run"): "up, down, start, stop, restart, kill, rm",
}


def read_dump(path):
    commands, options = [], {}
    for line in subprocess.run([path, "__commands"], capture_output=True, text=True, check=True).stdout.splitlines():
        words = line.split(" ")
        if words[-1].startswith("-"):
            options.setdefault(" ".join(words[:-1]), []).append(words[-1])
        else:
            commands.append(line)
    return commands, options


def cell(names):
    return ", ".join("`%s`" % n for n in names.split(","))


def flag_rows(binary, command, ours, docker):
    rows, matched = [], set()
    docker_opts = docker.split() if docker else []
    for d in docker_opts:
        dnames = set(d.split(","))
        mine = next((o for o in ours if dnames & set(o.split(","))), None)
        if mine:
            matched.add(mine)
            rows.append((mine, "yes", "yes", NOTES.get((binary, command, mine), "")))
        else:
            rows.append((d, "yes", "not yet", ""))
    for o in ours:
        if o not in matched:
            rows.append((o, "—", "yes", NOTES.get((binary, command, o), "")))
    return rows


def section(binary, docker_name, docker, commands, options):
    out = ["## `%s`" % binary, "", "### Commands", "", "| %s | %s |" % (docker_name, binary), "|---|---|"]
    for c in docker:
        if c and c not in commands:
            out.append("| `%s %s` | not yet |" % (docker_name, c))
        elif c:
            out.append("| `%s %s` | `%s %s` |" % (docker_name, c, binary, c))
    for c in commands:
        if c not in docker:
            out.append("| — | `%s %s` |" % (binary, c))
    out.append("")
    for c in [""] + commands:
        ours = options.get(c, [])
        rows = flag_rows(binary, c, ours, docker.get(c) or "")
        if not rows:
            continue
        title = "`%s`" % (binary + (" " + c if c else ""))
        out += ["### %s%s" % (title, " (global flags)" if not c else ""), "", "| flag | %s | %s | note |" % (docker_name, binary), "|---|---|---|---|"]
        out += ["| %s | %s | %s | %s |" % (cell(n), d, m, note) for n, d, m, note in rows]
        out.append("")
    return out


def main():
    bin_dir = sys.argv[1] if len(sys.argv) > 1 else "build/bin"
    mocker = read_dump(bin_dir + "/mocker")
    compose = read_dump(bin_dir + "/mocker-compose")
    lines = [
        "# Command-line reference: docker and docker compose next to mocker",
        "",
        "Every command and flag of `docker` (Docker CLI 27) and `docker compose` (Compose v2) that",
        "people use, with ours beside it: `yes` where we have it (same name, same meaning unless the",
        "note says otherwise), `not yet` where we do not; `—` in the docker column marks a flag of",
        "ours alone. Generated by `scripts/gen-cli-reference.py` from the programs' own command",
        "definitions (the hidden `mocker __commands` and `mocker-compose __commands`);",
        "`tests/unit/cli` fails when this page and the programs disagree.",
        "",
        "Both programs parse like docker: options come before the image, container or service;",
        "that operand and everything after it belong to the command being run, and `--` ends the",
        "options too. An option a command does not know is an error that names it",
        "(`mocker: run: unknown flag: --bogus`, exit 125 for `mocker`, 2 for `mocker-compose`).",
        "",
        "`--format` takes `table`, `json` (one object per line, docker's field names) or a Go",
        "template: `{{.Field}}`, `{{.A.B}}`, `{{json .X}}`, `{{index .Map \"key\"}}`, `{{.Label \"key\"}}`,",
        "`{{join .List \", \"}}`, `{{upper .X}}`, `{{lower .X}}`, `{{len .X}}`; a `table ` prefix adds a",
        "header and aligns the columns at `\\t`. `--filter KEY=VALUE` terms with the same key are",
        "alternatives, different keys must all match: `mocker ps` takes `label`, `name` (a regular",
        "expression), `id`, `status`, `ancestor`, `exited`; `mocker images` takes `label`,",
        "`reference` (a glob), `dangling`; `mocker-compose ps` takes `status`.",
        "",
    ]
    lines += section("mocker", "docker", DOCKER, *mocker)
    lines += section("mocker-compose", "docker compose", COMPOSE, *compose)
    print("\n".join(lines).rstrip() + "\n", end="")


if __name__ == "__main__":
    main()
