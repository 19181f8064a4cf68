"""`facilitator-app handout`: list, print as shipped or from a store, and every refusal."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from facilitator_app.cli import PASSPHRASE_ENV
from facilitator_app.documents.handout_pdf import FOOTER
from facilitator_app.documents.shipped import shipped_handouts
from facilitator_app.domain.organisation import OrganisationDetails
from facilitator_app.domain.signposting import ServiceFields
from facilitator_app.services import handouts, organisation, output_files, signposting
from facilitator_app.store import files
from facilitator_app.store.store import Store
from tests.cli.test_cli import Result, run
from tests.conftest import TemplateStore
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE, png_bytes, truncated_png
from tests.pdf_reading import (
    A4_POINTS,
    LETTER_POINTS,
    assert_neutral_metadata,
    assert_size,
    body_runs,
    body_texts,
    flat_text,
    image_names,
    page_size,
    reader,
)

NAME = "grounding-toolkit"


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def _handout(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    return run(["handout", *args], capsys)


# --- listing -----------------------------------------------------------------------------


def test_list_shows_names_and_titles_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    result = _handout(capsys, "--list")
    assert result.code == 0
    assert result.err == ""
    lines = result.out.splitlines()
    shipped = list(shipped_handouts().values())
    assert len(lines) == len(shipped)
    for line, handout in zip(lines, shipped, strict=True):
        name, title = line.split("\t")
        assert name == handout.name
        assert title == f"{handout.title} ({handout.audience.label.lower()})"


def test_help_names_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    result = _handout(capsys, "--help")
    assert result.code == 0
    for word in ("--list", "--out", "--large-print", "--paper", "--logo", "--store"):
        assert word in result.out


# --- printing as shipped -----------------------------------------------------------------


def test_print_a_handout_as_shipped(out_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = out_folder / "grounding.pdf"
    result = _handout(capsys, NAME, "--out", str(out))
    assert result.code == 0
    assert result.out == f"Wrote {out}.\n"
    assert result.err == ""
    assert _files(out_folder) == ["grounding.pdf"]
    data = out.read_bytes()
    assert_size(page_size(data), A4_POINTS)
    text = " ".join(body_texts(data, handouts.DEFAULT_ORGANISATION, FOOTER))
    assert "Grounding toolkit" in text
    assert "What grounding is" in text
    assert_neutral_metadata(data, "Grounding toolkit")


def test_letter_paper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a4, letter = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    assert _handout(capsys, NAME, "--out", str(a4), "--paper", "a4").code == 0
    assert _handout(capsys, NAME, "--out", str(letter), "--paper", "letter").code == 0
    assert_size(page_size(a4.read_bytes()), A4_POINTS)
    for page in range(len(reader(letter.read_bytes()).pages)):
        assert_size(page_size(letter.read_bytes(), page), LETTER_POINTS)


def test_large_print(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    normal, large = tmp_path / "normal.pdf", tmp_path / "large.pdf"
    assert _handout(capsys, NAME, "--out", str(normal)).code == 0
    assert _handout(capsys, NAME, "--out", str(large), "--large-print").code == 0
    normal_sizes = [run.size for run in body_runs(normal.read_bytes())]
    large_sizes = [run.size for run in body_runs(large.read_bytes())]
    assert min(large_sizes) >= 16
    assert max(large_sizes) > max(normal_sizes)
    assert len(reader(large.read_bytes()).pages) > len(reader(normal.read_bytes()).pages)


def test_pdf_is_added_when_the_name_lacks_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _handout(capsys, NAME, "--out", str(tmp_path / "grounding"))
    assert result.code == 0
    assert result.out == f"Wrote {tmp_path / 'grounding.pdf'}.\n"
    assert (tmp_path / "grounding.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "grounding").exists()


def test_a_logo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    out = tmp_path / "with-logo.pdf"
    assert _handout(capsys, NAME, "--out", str(out), "--logo", str(logo)).code == 0
    pages = reader(out.read_bytes()).pages
    assert len(image_names(pages[0])) == 1


# --- printing from a store ---------------------------------------------------------------


@pytest.fixture
def edited_store(store_folder: Path, template_store: TemplateStore) -> Path:
    """A store whose charity changed the text, the directory and its details; closed."""
    store = Store.open(store_folder, template_store.data_key)
    try:
        handouts.save_handout(
            store, "getting-help-now", "Help, when you need it", "## Our words\n\n{{services}}"
        )
        signposting.add_service(store, ServiceFields("Riverside Women's Centre", phone="01234 2"))
        childline = next(s for s in signposting.list_services(store) if s.name == "Childline")
        signposting.remove_service(store, childline.id)
        organisation.save_organisation_details(
            store, OrganisationDetails("Riverside Peer Support CIC", phone="01234 567890")
        )
    finally:
        store.close()
    return store_folder


def test_with_a_store_its_edits_print(
    tmp_path: Path,
    edited_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    out = tmp_path / "help.pdf"
    result = _handout(capsys, "getting-help-now", "--store", str(edited_store), "--out", str(out))
    assert result.code == 0, result.err
    assert result.out == f"Wrote {out}.\n"
    data = out.read_bytes()
    text = " ".join(body_texts(data, "Riverside Peer Support CIC", FOOTER))
    assert "Help, when you need it" in text
    assert "Our words" in text
    assert "Riverside Women's Centre" in text
    assert "Samaritans" in text
    assert "Childline" not in text
    assert "If you are in danger now" not in text  # the shipped text
    assert_neutral_metadata(data, "Help, when you need it", private=["Riverside"])


def test_without_a_store_the_shipped_text_prints_even_if_a_store_was_edited(
    tmp_path: Path, edited_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "help.pdf"
    assert _handout(capsys, "getting-help-now", "--out", str(out)).code == 0
    text = flat_text(out.read_bytes())
    assert "If you are in danger now" in text
    assert "Riverside" not in text
    assert "Childline" in text


def test_the_store_option_may_come_before_the_command(
    tmp_path: Path,
    edited_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    out = tmp_path / "help.pdf"
    result = run(
        ["--store", str(edited_store), "handout", "getting-help-now", "--out", str(out)], capsys
    )
    assert result.code == 0, result.err
    assert "Our words" in flat_text(out.read_bytes())


def test_a_wrong_passphrase_writes_nothing(
    tmp_path: Path,
    edited_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, WRONG_PASSPHRASE)
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    result = _handout(
        capsys, "getting-help-now", "--store", str(edited_store), "--out", str(out_folder / "h")
    )
    assert result.code == 1
    assert result.error_line == (
        "facilitator-app: That passphrase did not unlock this store. Please try again."
    )
    assert result.out == ""
    assert _files(out_folder) == []


# --- refusals: one line, exit 1, nothing written -----------------------------------------


def _refused(
    capsys: pytest.CaptureFixture[str], folder: Path, *args: str, written: list[str] | None = None
) -> str:
    """Run `handout args`; check it failed in one line and left `folder` as it was."""
    before = _files(folder)
    result = _handout(capsys, *args)
    assert result.code == 1
    assert result.out == ""
    line = result.error_line
    assert line.startswith("facilitator-app: ")
    assert _files(folder) == (written if written is not None else before)
    assert not any(name.endswith(".partial") for name in _files(folder))
    return line


@pytest.fixture
def out_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_an_unknown_handout(out_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _refused(capsys, out_folder, "nope", "--out", str(out_folder / "x.pdf"))
    assert line.startswith("facilitator-app: There is no handout called 'nope'.")
    assert NAME in line


def test_an_unknown_handout_is_refused_before_the_store_is_opened(
    out_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing_store = out_folder / "no-store"
    line = _refused(
        capsys, out_folder, "nope", "--store", str(missing_store), "--out", str(out_folder / "x")
    )
    assert "There is no handout called 'nope'." in line


def test_a_name_without_out(out_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _refused(capsys, out_folder, NAME)
    assert line == (
        "facilitator-app: Give a handout's name and --out FILE.pdf, or use --list to see the names."
    )


def test_an_unknown_paper_is_a_usage_error(
    out_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _handout(capsys, NAME, "--out", str(out_folder / "x.pdf"), "--paper", "a5")
    assert result.code == 2
    assert "--paper" in result.error_line
    assert _files(out_folder) == []


def test_a_missing_folder(out_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _refused(capsys, out_folder, NAME, "--out", str(out_folder / "missing" / "x.pdf"))
    assert line == "facilitator-app: Could not save x.pdf: that folder does not exist."


@pytest.mark.parametrize("folder_name", ["handouts", "handouts.pdf"])
def test_an_existing_folder_as_the_file(
    out_folder: Path, capsys: pytest.CaptureFixture[str], folder_name: str
) -> None:
    (out_folder / folder_name).mkdir()
    line = _refused(capsys, out_folder, NAME, "--out", str(out_folder / folder_name))
    assert line == (
        f"facilitator-app: Could not save {folder_name}: that is a folder, not a file name."
    )


def test_a_read_only_folder(out_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused with a reason; where the user may write anyway (root), written whole."""
    read_only = out_folder / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    try:
        may_write = os.access(read_only, os.W_OK)
        result = _handout(capsys, NAME, "--out", str(read_only / "x.pdf"))
    finally:
        read_only.chmod(0o700)
    if may_write:
        assert result.code == 0
        assert "Grounding toolkit" in flat_text((read_only / "x.pdf").read_bytes())
        assert _files(read_only) == ["x.pdf"]
    else:
        assert result.code == 1
        assert result.error_line == (
            "facilitator-app: Could not save x.pdf: you do not have permission to write there."
        )
        assert _files(read_only) == []


def test_permission_denied(
    out_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(out_folder)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", denied)
    line = _refused(capsys, out_folder, NAME, "--out", str(out_folder / "x.pdf"))
    assert line == (
        "facilitator-app: Could not save x.pdf: you do not have permission to write there."
    )


def test_a_full_disk_when_renaming(
    out_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    line = _refused(capsys, out_folder, NAME, "--out", str(out_folder / "x.pdf"))
    assert line == "facilitator-app: Could not save x.pdf: the disk is full."


def test_a_full_disk_while_writing(
    out_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def half_written(path: Path, data: bytes) -> None:
        path.with_name(path.name + ".partial").write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_files, "write_atomically", half_written)
    line = _refused(capsys, out_folder, NAME, "--out", str(out_folder / "x.pdf"))
    assert line == "facilitator-app: Could not save x.pdf: the disk is full."


def test_a_full_disk_keeps_an_older_file(
    out_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (out_folder / "x.pdf").write_bytes(b"the older print")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    _refused(capsys, out_folder, NAME, "--out", str(out_folder / "x.pdf"))
    assert (out_folder / "x.pdf").read_bytes() == b"the older print"


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (b"This is a text file, named logo.png\n", "The logo must be a PNG or JPEG image."),
        (
            truncated_png(),
            "The logo image could not be read. Please choose a PNG or JPEG file.",
        ),
        (png_bytes()[:60], "The logo image could not be read. Please choose a PNG or JPEG file."),
    ],
    ids=["text", "png-signature-then-garbage", "cut-in-pixels"],
)
def test_a_logo_that_is_not_an_image(
    out_folder: Path, capsys: pytest.CaptureFixture[str], logo: bytes, message: str
) -> None:
    (out_folder / "logo.png").write_bytes(logo)
    line = _refused(
        capsys,
        out_folder,
        NAME,
        "--out",
        str(out_folder / "x.pdf"),
        "--logo",
        str(out_folder / "logo.png"),
    )
    assert line == f"facilitator-app: {message}"


def test_a_missing_logo(out_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logo = out_folder / "logo.png"
    line = _refused(capsys, out_folder, NAME, "--out", str(out_folder / "x"), "--logo", str(logo))
    assert line == f"facilitator-app: Could not read the logo file {logo}."
