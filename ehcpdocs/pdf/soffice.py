"""The optional LibreOffice engine: ``soffice --headless --convert-to pdf``.

Each call gets its own temporary profile directory (LibreOffice refuses to run twice on one
profile) and its own process group, which is killed when the time limit passes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ehcpdocs.docx.package import Package

from ..errors import EngineUnavailableError, RenderError

SOFFICE_NAMES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    """The path of the LibreOffice executable on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_with_soffice(package: Package, *, timeout: float = 60) -> bytes:
    """PDF bytes of a package converted by LibreOffice headless."""
    executable = find_soffice()
    if executable is None:
        raise EngineUnavailableError(
            "the libreoffice engine needs LibreOffice (soffice) on PATH; install it or use engine='native'",
            file=package.name,
        )
    with tempfile.TemporaryDirectory(prefix="ehcpdocs-soffice-") as work:
        work_dir = Path(work)
        source = work_dir / "document.docx"
        source.write_bytes(_package_bytes(package))
        profile = (work_dir / "profile").as_uri()
        command = [
            executable, f"-env:UserInstallation={profile}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work_dir), str(source),
        ]
        try:
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                cwd=work, env={**os.environ, "HOME": work},
            )
        except OSError as exc:
            raise EngineUnavailableError(f"LibreOffice could not be started ({exc.strerror})", file=package.name) from None
        try:
            _out, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise RenderError(f"LibreOffice did not finish within {timeout:g} seconds", file=package.name) from None
        result = work_dir / "document.pdf"
        if process.returncode != 0 or not result.exists():
            detail = (errors or b"").decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1][:200] if detail else f"exit code {process.returncode}"
            raise RenderError(f"LibreOffice could not convert the document ({reason})", file=package.name)
        return result.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def _package_bytes(package: Package) -> bytes:
    """The package as a .docx zip (the parts as they were read)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in package.parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()
