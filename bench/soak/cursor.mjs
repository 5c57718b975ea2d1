// What one client holds of one SEQ log (its inbox, or one group's log): every SEQ up to `at`,
// and the SEQs seen above it. A catch-up pulls from `at`; pages already seen come again
// harmlessly (the ledger tells a re-read of the same SEQ from a second copy).

export class SeqCursor {
  constructor(at = 0) {
    this.at = at;
    this.ahead = new Set();
  }

  see(seq) {
    if (!(seq > this.at)) return;
    this.ahead.add(seq);
    while (this.ahead.delete(this.at + 1)) this.at += 1;
  }

  /** Everything up to `seq` is known (a sync page's floor: SEQs below a member's first are not readable). */
  jump(seq) {
    if (!(seq > this.at)) return;
    this.at = seq;
    for (const s of this.ahead) if (s <= seq) this.ahead.delete(s);
    while (this.ahead.delete(this.at + 1)) this.at += 1;
  }
}
