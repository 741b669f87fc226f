/// The inline CSS of the HTML pages. Nothing is loaded from anywhere: fonts come from the
/// reader's system, with CJK families listed so that Chinese, Japanese and Korean names
/// render where those fonts are installed.
enum HTMLStyleSheet {
    /// System fonts, Latin first, then CJK (Traditional Chinese first: the portal's own
    /// customers), then the generic family.
    static let fontStack = #"system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "Noto Sans CJK TC", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Microsoft JhengHei", "Microsoft YaHei", "PingFang TC", "Hiragino Sans", "Malgun Gothic", sans-serif"#

    /// Monospace fonts for passwords and codes; characters that look alike stay apart.
    static let monoStack = #"ui-monospace, "SFMono-Regular", "Cascadia Mono", Consolas, "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono CJK TC", monospace"#

    /// The page, colours and print rules shared by the report and the credentials sheet.
    static let base = """
    :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --band: #f6f8fa;
      --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9;
      --warn: #9a6700; --warn-bg: #fff8c5; --info: #0969da; --info-bg: #ddf4ff; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: #eef1f4; color: var(--ink);
      font: 14px/1.45 \(fontStack); }
    main { max-width: 1160px; margin: 24px auto; background: #fff; padding: 28px 32px 20px;
      border-radius: 10px; box-shadow: 0 1px 3px rgba(31, 35, 40, .15); }
    h1 { font-size: 26px; line-height: 1.2; margin: 0; }
    h2 { font-size: 17px; margin: 28px 0 10px; }
    .meta { color: var(--muted); margin: 6px 0 0; }
    .meta span + span::before { content: "·"; margin: 0 .5em; color: var(--line); }
    code, .mono { font-family: \(monoStack); font-size: .92em; }
    footer { color: var(--muted); font-size: 12px; margin-top: 28px; border-top: 1px solid var(--line); padding-top: 10px; }
    .banner { margin: 18px 0 0; padding: 10px 14px; border-radius: 6px; font-weight: 700;
      background: var(--warn-bg); color: var(--warn); border: 1px solid #d4a72c; }
    @page { size: A4 landscape; margin: 12mm; }
    @media print {
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      body { background: #fff; font-size: 10pt; }
      main { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; }
      h2 { break-after: avoid; }
      footer { break-inside: avoid; }
    }
    """

    /// The "Licenses updated" report: heading mark, summary cards, seat and user tables.
    static let report = base + """

    .title { display: flex; align-items: center; gap: 12px; }
    .mark { flex: none; width: 34px; height: 34px; border-radius: 50%; color: #fff; font-size: 20px;
      font-weight: 700; display: inline-flex; align-items: center; justify-content: center; }
    .mark.ok { background: var(--ok); } .mark.attention { background: var(--bad); }
    .mark.preview { background: var(--warn); }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin-top: 22px; }
    .card { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 8px; padding: 12px 14px; }
    .card .number { font-size: 28px; font-weight: 700; line-height: 1.1; }
    .card .label { color: var(--muted); }
    .card.created { border-left-color: var(--ok); } .card.updated { border-left-color: var(--info); }
    .card.failed.some { border-left-color: var(--bad); background: var(--bad-bg); }
    .card.failed.some .number { color: var(--bad); }
    .card.skipped.some { border-left-color: var(--warn); background: var(--warn-bg); }
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; vertical-align: top; padding: 7px 8px; border-bottom: 1px solid var(--line); }
    thead th { background: var(--band); font-size: 12px; text-transform: uppercase; letter-spacing: .03em;
      color: var(--muted); border-bottom: 2px solid var(--line); }
    td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr.short td { background: var(--bad-bg); }
    .buy { display: inline-block; white-space: nowrap; font-weight: 700; color: #fff; background: var(--bad);
      border-radius: 999px; padding: 1px 10px; }
    .none { color: var(--muted); }
    tr.group th { background: #fff; font-size: 15px; padding-top: 16px; border-bottom: 2px solid var(--ink); }
    .users { table-layout: fixed; }
    .users td { overflow-wrap: anywhere; }
    .users col.status { width: 108px; } .users col.user { width: 22%; } .users col.action { width: 84px; }
    .users col.lines { width: 96px; } .users col.licenses { width: 23%; }
    .upn { font-weight: 600; } .name { color: var(--muted); }
    .badge { display: inline-block; white-space: nowrap; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 700; }
    .badge.succeeded { background: var(--ok-bg); color: var(--ok); }
    .badge.failed { background: var(--bad-bg); color: var(--bad); }
    .badge.skipped { background: var(--warn-bg); color: var(--warn); }
    .badge.planned { background: var(--info-bg); color: var(--info); }
    .badge.unchanged { background: var(--band); color: var(--muted); }
    ul.changes { list-style: none; margin: 0; padding: 0; }
    ul.changes li { padding-left: 1.3em; text-indent: -1.3em; }
    .sign { display: inline-block; width: 1.3em; text-indent: 0; font-weight: 700; }
    .added .sign { color: var(--ok); } .removed .sign { color: var(--bad); } .kept { color: var(--muted); }
    .plans { color: var(--muted); font-size: 12px; text-indent: 0; }
    .problem { border-left: 3px solid var(--bad); padding: 2px 0 2px 8px; margin-bottom: 6px; }
    .problem.warning { border-left-color: var(--warn); }
    .problem .code { font-weight: 700; font-size: 12px; color: var(--bad); }
    .problem.warning .code { color: var(--warn); }
    .fix { margin-top: 2px; } .fix strong { color: var(--ink); }
    .place { color: var(--muted); font-size: 12px; }
    @media print {
      .card, tr, .problem { break-inside: avoid; }
      tr.group { break-after: avoid; }
      thead { display: table-header-group; }
    }
    """
}
