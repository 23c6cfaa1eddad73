/// The page's stylesheet, inline so the page needs nothing from anywhere: light and dark
/// (prefers-color-scheme), one column on a phone, two chart columns on a desktop.
enum HTMLStyle {
    static let css = """
    :root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;\
    --link:#0969da;--bar:#218bff;--track:#eef1f4;--new:#1a7f37;--skip:#9a6700;--exist:#8250df;--part:#59636e;\
    --ins:#1a7f37;--del:#cf222e}
    @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;\
    --card:#151b23;--link:#4493f8;--bar:#388bfd;--track:#212830;--new:#3fb950;--skip:#d29922;--exist:#ab7df8;\
    --part:#9198a1;--ins:#3fb950;--del:#f85149}}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
    main{max-width:1180px;margin:0 auto;padding:24px 24px 48px}
    a{color:var(--link)}
    h1{font-size:1.55em;line-height:1.25;margin:0 0 6px;overflow-wrap:anywhere}
    h2{font-size:1.2em;margin:32px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
    h3{font-size:1em;margin:16px 0 4px;overflow-wrap:anywhere}
    code,pre,.mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"DejaVu Sans Mono",monospace}
    .range{color:var(--muted);margin:0}
    .stats{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;margin:18px 0 0}
    .stats li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px}
    .stats b{display:block;font-size:1.4em;line-height:1.2}
    .stats span{color:var(--muted);font-size:.85em}
    .charts{display:grid;grid-template-columns:1fr 1fr;gap:8px 40px}
    .chart{display:block;overflow:visible}
    .chart text{fill:var(--fg);font-size:13px}
    .chart text.count{fill:var(--muted);font-variant-numeric:tabular-nums}
    .chart .track{fill:var(--track)}
    .chart .bar{fill:var(--bar)}
    .text-bar{color:#218bff;white-space:nowrap;letter-spacing:-1px;font-size:11px;line-height:1;width:1%}
    .bar-label{width:100%}
    .note{color:var(--muted);font-size:.85em;margin:-4px 0 12px}
    .notice{margin:12px 0 0;padding:8px 12px;border-left:3px solid var(--skip);background:var(--card);overflow-wrap:anywhere}
    table{border-collapse:collapse;width:100%}
    th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
    th{font-size:.8em;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
    td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
    td.ver{white-space:nowrap}
    td.title{overflow-wrap:anywhere}
    td.author,td.reason{color:var(--muted);font-size:.9em;overflow-wrap:anywhere}
    .badge{display:inline-block;min-width:3.4em;text-align:center;padding:0 6px;border-radius:10px;font-size:.78em;\
    font-weight:600;border:1px solid currentColor;line-height:1.5}
    .s-new{color:var(--new)}.s-skip{color:var(--skip)}.s-exist{color:var(--exist)}.s-part,.s-other{color:var(--part)}
    .nak{color:var(--del);font-weight:600}
    .tag{font-size:.8em;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 4px;margin-right:4px}
    details{border:1px solid var(--line);border-radius:8px;margin:10px 0;background:var(--bg)}
    summary{cursor:pointer;padding:10px 14px;overflow-wrap:anywhere}
    summary .who,.series-head .who{color:var(--muted);font-size:.9em}
    details[open] summary{border-bottom:1px solid var(--line)}
    .series{border:1px solid var(--line);border-radius:8px;margin:10px 0}
    .series-head{margin:0;padding:10px 14px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
    .mail{padding:4px 14px 12px}
    .mail+.mail{border-top:1px dashed var(--line)}
    .meta{color:var(--muted);font-size:.88em;margin:0 0 8px;overflow-wrap:anywhere}
    .b4{margin:8px 14px 0;font-size:.85em}
    .b4 code{display:inline-block;max-width:100%;user-select:all;-webkit-user-select:all;background:var(--card);border:1px solid var(--line);border-radius:6px;\
    padding:2px 8px;overflow-wrap:anywhere}
    pre{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin:0;\
    font-size:12.5px;line-height:1.45;overflow-x:auto;tab-size:8}
    .diffstat{font-size:.85em;color:var(--muted);margin:6px 0 0}
    .ins{color:var(--ins)}.del{color:var(--del)}
    ul.older{padding-left:0;list-style:none}
    ul.older li{padding:4px 0;overflow-wrap:anywhere}
    footer{margin-top:36px;color:var(--muted);font-size:.85em}
    @media (max-width:720px){
    main{padding:16px 14px 36px}
    h1{font-size:1.3em}
    .charts{grid-template-columns:1fr}
    .stats li{min-width:0;flex:1 1 40%;padding:6px 10px}
    table.patches thead{display:none}
    table.patches,table.patches tbody,table.patches tr{display:block}
    table.patches tr{border-bottom:1px solid var(--line);padding:8px 0}
    table.patches td{display:inline;border:0;padding:0 6px 0 0}
    table.patches td.title,table.patches td.author,table.patches td.reason{display:block;padding:2px 0 0}
    pre{font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
    summary{padding:8px 10px}
    .mail{padding:4px 10px 10px}
    }
    """
}
