"""OcrPool (worker processes) and the ``approval ocr`` command."""

from __future__ import annotations

import argparse
import json

from ocr import OcrPool


def test_pool_reads_many_and_survives_a_crashed_worker(front_png, back_png, person):
    pool = OcrPool(max_workers=2)
    try:
        out = pool.read_many({"id_card_front": front_png, "id_card_back": back_png, "junk": b"not an image"})
        assert list(out) == ["id_card_front", "id_card_back", "junk"]
        assert out["id_card_front"].kind == "cn_id_card_front"
        assert out["id_card_front"].fields["id_number"].value == person.id_number
        assert out["id_card_back"].kind == "cn_id_card_back"
        assert out["junk"].kind == "unknown"
        assert out["id_card_front"].file == "id_card_front"

        # Kill the workers: the document is read again on a fresh pool (their death was ours,
        # not the document's), and the pool keeps working after.
        for proc in list(pool._executor._processes.values()):
            proc.kill()
            proc.join()
        broken = pool.read_many({"a": back_png})
        assert broken["a"].kind == "cn_id_card_back"
        again = pool.read_many({"b": back_png})
        assert again["b"].kind == "cn_id_card_back"
    finally:
        pool.shutdown()


def _parser() -> argparse.ArgumentParser:
    from approval.cli import ocr_cmd

    parser = argparse.ArgumentParser(prog="approval")
    sub = parser.add_subparsers(dest="command", required=True)
    ocr_cmd.register(sub)
    return parser


def test_cli_ocr_json_and_bad_file(tmp_path, back_png, capsys):
    good = tmp_path / "back.png"
    good.write_bytes(back_png)
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    args = _parser().parse_args(["ocr", str(good), str(bad), "--json"])
    code = args.func(args)
    captured = capsys.readouterr()
    assert code == 2
    results = json.loads(captured.out)
    assert isinstance(results, list) and len(results) == 1
    assert results[0]["file"] == str(good)
    assert results[0]["kind"] == "cn_id_card_back"
    assert set(results[0]["fields"]["valid_from"]) == {"value", "confidence"}
    assert "notes.txt" in captured.err and "Traceback" not in captured.err


def test_cli_ocr_table(tmp_path, back_png, capsys):
    good = tmp_path / "back.png"
    good.write_bytes(back_png)
    args = _parser().parse_args(["ocr", str(good)])
    assert args.func(args) == 0
    assert "cn_id_card_back" in capsys.readouterr().out


def test_cli_has_eval_command():
    args = _parser().parse_args(["ocr-eval", "--count", "3", "--seed", "1", "--workers", "1"])
    assert args.count == 3 and callable(args.func)
