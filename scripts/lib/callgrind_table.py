"""A callgrind profile as a Markdown table of what one query costs.

    callgrind_table.py PROFILE QUERIES [FUNCTIONS]

Reads callgrind_annotate's report of PROFILE (functions by their own
instructions), divides every count by QUERIES, and prints the program's
totals and the FUNCTIONS costliest functions (25 unless given):
instructions, first-level data cache misses (reads and writes) and
last-level misses.
"""
import re
import subprocess
import sys


def main() -> None:
    path, queries = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    report = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", path],
                            capture_output=True, text=True, check=True).stdout
    events = next(line.split()[2:] for line in report.splitlines() if line.startswith("Events shown:"))
    # Each count is a number, with its share in parentheses when it is not
    # zero, or "." for none.
    count = re.compile(r"\s*(?:([\d,]+)(?: \(\s*[\d.]+%\))?|\.)(?=\s)")
    rows = []
    for line in report.splitlines():
        values, at = [], 0
        for _ in events:
            match = count.match(line, at)
            if not match:
                break
            values.append(int(match.group(1).replace(",", "")) if match.group(1) else 0)
            at = match.end()
        name = line[at:].strip()
        if len(values) < len(events) or not name:
            continue
        value = dict(zip(events, values))
        if "PROGRAM TOTALS" in name:
            name = "all (user space)"
        else:
            name = re.sub(r" \[[^\]]*\]$", "", name.split(":", 1)[1] if ":" in name else name)
        rows.append((name, value["Ir"], value["D1mr"] + value["D1mw"], value["DLmr"] + value["DLmw"]))
    print(f"| {'function':70} | {'Ir/query':>9} | {'D1 miss':>7} | {'LL miss':>7} |")
    print(f"|:{'-' * 71}|{'-' * 10}:|{'-' * 8}:|{'-' * 8}:|")
    for name, instructions, d1, ll in rows[: top + 1]:
        if len(name) > 70:
            name = name[:67] + "..."
        name = name.replace("|", "\\|")
        print(f"| {name:70} | {instructions / queries:9.0f} | {d1 / queries:7.1f} | {ll / queries:7.2f} |")


if __name__ == "__main__":
    main()
