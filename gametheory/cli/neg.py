"""``gametheory neg``: break and sustain points and equilibria of a two-region NEG model."""

from __future__ import annotations

import argparse

# the keys of gametheory.models.neg.MODELS (repeated: only argparse is imported at module level; a test checks)
_MODELS = ("core-periphery", "footloose-entrepreneur", "linear", "resource")


def register(sub) -> None:
    p = sub.add_parser("neg", help="New Economic Geography models: break/sustain points, equilibria at a trade cost",
                       description="Continuum two-region model: break point (symmetric equilibrium loses "
                                   "stability), sustain point (full agglomeration becomes an equilibrium), in "
                                   "freeness of trade phi = T^(1-sigma) and transport cost T; with --T, every "
                                   "equilibrium share lambda (corners included) and its stability. Models: "
                                   "core-periphery (mu, sigma), footloose-entrepreneur (mu, sigma), linear "
                                   "(alpha, beta, gamma, phi, H, L; T is tau), resource (the parameters of "
                                   "docs/model.md and N; T is tau_p).")
    p.add_argument("model", choices=_MODELS, metavar="MODEL", help=", ".join(_MODELS))
    p.add_argument("-p", "--param", dest="params", action="append", default=[], metavar="NAME=VALUE",
                   help="set a model parameter (repeatable); VALUE is an integer, decimal or fraction")
    p.add_argument("--T", dest="T", default=None, metavar="VALUE",
                   help="transport cost (iceberg T > 1 for CES models, tau for linear, tau_p for resource): "
                        "list the equilibria there")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from gametheory.models.neg import make_model
    from gametheory.models.neg.summary import summary
    from gametheory.params import parse_value

    model = make_model(args.model, args.params)
    T = None if args.T is None else float(parse_value(args.T, "--T"))
    out = summary(model, T)
    if args.json:
        print(json.dumps(out))
    else:
        print(_text(out))
    return 0


def _num(v) -> str:
    return "none" if v is None else f"{v:.10g}"


def _text(out: dict) -> str:
    params = ", ".join(f"{k}={v:g}" for k, v in out["params"].items())
    lines = [f"{out['model']} ({params})"]
    closed = out.get("closed_form", {})
    for kind in ("break", "sustain"):
        row = f"{kind + ' point:':<15} T = {_num(out[f'T_{kind}'])}"
        if out["axis"] == "phi":
            row += f", phi = {_num(out[f'phi_{kind}'])}"
        key = f"{'phi' if out['axis'] == 'phi' else 'T'}_{kind}"
        if key in closed:
            row += f"  (closed form: {key.split('_')[0]} = {_num(closed[key])})"
        lines.append(row)
    if "T_zero_resource" in out:
        lines.append(f"{'zero-resource:':<15} T = {_num(out['T_zero_resource'])}  (lambda = 0 becomes an equilibrium below)")
    if "equilibria" in out:
        at = f"T = {out['T']:g}" + (f" (phi = {out['phi']:.10g})" if "phi" in out else "")
        lines.append(f"equilibria at {at}:")
        lines += [f"  lambda = {e['lambda']:<14.10g} {'stable' if e['stable'] else 'unstable'}" for e in out["equilibria"]]
    return "\n".join(lines)
