"""Job kind `audit.verify`: walk the audit chain in the background and report breaks."""
from ... import audit
from ..context import JobContext, JobFailed
from ..registry import job_kind


@job_kind("audit.verify")
def verify_audit_chain(ctx: JobContext) -> None:
    """Verify the audit chain; fail the job when any row was edited or deleted."""
    with ctx.db.session() as session:
        problems = audit.verify(session, progress=ctx.progress)
    ctx.count("problems", len(problems))
    for problem in problems[:100]:
        ctx.error("audit_chain_broken", str(problem))
    if problems:
        raise JobFailed("audit_chain_broken", f"{len(problems)} problem(s) in the audit chain")
