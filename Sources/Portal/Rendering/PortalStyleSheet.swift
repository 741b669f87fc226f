import Reports

/// The portal's one stylesheet, served at ``PortalPaths/styleSheet`` as `text/css`: the
/// reports' CSS (so the embedded "Licenses updated" report looks as it does on its own), then
/// the portal's: header, tabs, forms, the tri-state boxes, the selection's boxes, the pager.
/// Focus is always visible.
public enum PortalStyleSheet {
    /// The CSS text.
    public static let css = HTMLReport.styleSheet + "\n" + portal

    private static let portal = """
    .skip { position: absolute; left: -10000px; top: 0; background: #fff; padding: 8px 12px; z-index: 10; }
    .skip:focus { left: 8px; top: 8px; }
    :focus-visible { outline: 3px solid #fd0; outline-offset: 1px; box-shadow: 0 0 0 5px var(--ink); }
    header.portal { display: flex; justify-content: space-between; align-items: center; padding: 10px 24px;
      background: var(--ink); color: #fff; }
    header.portal a { color: #fff; }
    header.portal .brand { font-weight: 700; margin-right: 16px; }
    .operator .role { opacity: .8; font-size: 12px; border: 1px solid #fff6; border-radius: 999px; padding: 0 8px; }
    form.inline { display: inline; margin-left: 8px; }
    header.portal .link { color: #fff; }
    .customer-bar { max-width: 1160px; margin: 16px auto 0; padding: 0 8px; }
    .customer-name { font-size: 18px; font-weight: 700; margin: 0 0 8px; }
    .tabs ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0;
      border-bottom: 2px solid var(--line); }
    .tabs a { display: block; padding: 8px 14px; color: var(--info); text-decoration: none; border-radius: 6px 6px 0 0; }
    .tabs a[aria-current="page"] { background: #fff; color: var(--ink); font-weight: 700; border: 2px solid var(--line);
      border-bottom-color: #fff; margin-bottom: -2px; }
    footer.portal { text-align: center; color: var(--muted); font-size: 12px; margin: 16px; }
    .field { margin: 0 0 14px; }
    .field label { display: block; font-weight: 600; margin-bottom: 4px; }
    .optional, .hint { color: var(--muted); font-weight: 400; }
    .hint { font-size: 13px; margin-bottom: 4px; }
    .field input[type=text], .field input[type=email], .field input[type=search], .field select, .field input[type=file] {
      font: inherit; padding: 6px 8px; border: 2px solid var(--ink); border-radius: 4px; min-width: 18em; }
    .field.invalid input { border-color: var(--bad); }
    .error { color: var(--bad); font-weight: 700; }
    .error-summary { border: 4px solid var(--bad); padding: 12px 16px; margin: 0 0 20px; }
    .error-summary h2 { margin-top: 0; }
    .error-summary a { color: var(--bad); font-weight: 700; }
    .notice { border-left: 5px solid var(--info); background: var(--info-bg); padding: 8px 12px; margin: 0 0 16px; }
    .notice.warning { border-left-color: var(--warn); background: var(--warn-bg); }
    label.choice { display: inline-flex; gap: 6px; align-items: center; margin-right: 14px; font-weight: 400; }
    fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 14px; padding: 8px 14px 12px; }
    legend { font-weight: 700; padding: 0 4px; }
    .button { font: inherit; font-weight: 600; padding: 7px 16px; border-radius: 6px; border: 2px solid var(--ok);
      background: var(--ok); color: #fff; cursor: pointer; }
    .button.secondary { background: #fff; color: var(--ink); border-color: var(--ink); }
    .button.danger { background: var(--bad); border-color: var(--bad); }
    .link { font: inherit; background: none; border: 0; padding: 0; color: var(--info); text-decoration: underline; cursor: pointer; }
    .actions { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 14px 0; }
    .filters { display: flex; flex-wrap: wrap; gap: 0 16px; align-items: flex-end; }
    .pager { display: flex; gap: 14px; align-items: center; margin: 12px 0; }
    .pager .disabled { color: var(--muted); }
    .tri { display: inline-block; width: 16px; height: 16px; border: 2px solid var(--ink); border-radius: 3px;
      vertical-align: -3px; margin-right: 6px; }
    .tri.all { background: var(--ink); }
    .tri.some { background: linear-gradient(var(--ink), var(--ink)) center / 8px 2px no-repeat; }
    .product-head { display: flex; flex-wrap: wrap; gap: 12px; align-items: baseline; }
    .chips { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 6px 0 14px; }
    .chips li { border: 1px solid var(--line); border-radius: 999px; padding: 2px 4px 2px 10px; background: var(--band); }
    .chips .link { margin-left: 4px; text-decoration: none; font-weight: 700; }
    .password { font-family: \(monoStack); font-size: 22px; letter-spacing: .05em; padding: 8px 12px;
      border: 2px dashed var(--ink); display: inline-block; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    progress { width: 100%; height: 18px; }
    ul.options { list-style: none; margin: 4px 0; padding: 0; }
    ul.options li { margin: 4px 0; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
    dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
    .credentials dt { font-weight: 600; margin-top: 8px; }
    .credentials dd { margin: 2px 0 0; }
    @media print {
      header.portal, .customer-bar, footer.portal, .actions, .skip, .no-print { display: none; }
      /* A page with sign-in details prints only them. */
      main:has(.credentials) > :not(.credentials) { display: none; }
    }
    """

    private static let monoStack = #"ui-monospace, "SFMono-Regular", "Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace"#
}
