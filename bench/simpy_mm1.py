#!/usr/bin/env python3
"""The peer benchmark: the M/M/1 queue of scenarios/bench/mm1.yaml, written in SimPy 3 the way a SimPy
user would write it (a source process, a customer process per request, one Resource as the server).

Time is in milliseconds, as in meshsim. Poisson arrivals at RATE per second, one server, exponential
service times of mean MEAN_SERVICE ms; REQUESTS customers are generated and the run goes on until
every one of them has been served. Prints one JSON object:
{"requests", "wallSeconds", "cpuSeconds", "meanResponse", "simpy", "python"}; wall and CPU time
cover building the model and running it, not starting Python or importing SimPy.

Usage: python3 bench/simpy_mm1.py --requests 1000000 --rate 800 --mean-service 1 --seed 1
"""

import argparse
import json
import platform
import random
import time

import simpy


def source(env, server, requests, rate_per_ms, mean_service, response_times):
    """Sends `requests` customers with exponential gaps between them."""
    for _ in range(requests):
        env.process(customer(env, server, mean_service, response_times))
        yield env.timeout(random.expovariate(rate_per_ms))


def customer(env, server, mean_service, response_times):
    """Waits for the server, is served, and records its response time (wait + service)."""
    arrived = env.now
    with server.request() as req:
        yield req
        yield env.timeout(random.expovariate(1.0 / mean_service))
    response_times.append(env.now - arrived)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, default=800.0, help="arrivals per second")
    parser.add_argument("--mean-service", type=float, default=1.0, help="mean service time, ms")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    random.seed(args.seed)
    started = time.perf_counter()
    cpu_started = time.process_time()
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    response_times = []
    env.process(source(env, server, args.requests, args.rate / 1000.0, args.mean_service, response_times))
    env.run()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started

    print(
        json.dumps(
            {
                "requests": len(response_times),
                "wallSeconds": wall,
                "cpuSeconds": cpu,
                "meanResponse": sum(response_times) / len(response_times),
                "simpy": simpy.__version__,
                "python": platform.python_version(),
            }
        )
    )


if __name__ == "__main__":
    main()
