import subprocess


def disk_report() -> str:
    # Fixed command, no user input: a shell pipeline is fine here.
    return subprocess.run("df -h / | tail -n 1", shell=True, capture_output=True, text=True, check=True).stdout


def uptime() -> str:
    return subprocess.check_output("uptime -p", shell=True, text=True).strip()
