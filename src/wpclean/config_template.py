"""The commented default config `wpclean init` writes; a test keeps it equal to the built-in defaults."""

DEFAULT_CONFIG = """\
# wpclean configuration: found by walking up from the paths you clean or check.
# Every key is optional; unknown keys are an error. See README.md for each one.

target: generic            # generic | hugo (shortcodes for figures, embeds) | jekyll | astro | eleventy
dialect: auto              # auto | html (raw WordPress content) | markdown
path_template: null        # null: the target's layout (README's target table); or a template from
                           # {slug} {year} {month} {day} {id} {source_stem} {source_dir}
timezone: null             # zone of dates without an offset, e.g. Europe/Berlin or +02:00
                           # (null: the export's own, told by post_date_gmt; else UTC for a site target)
select: null               # transform names to run (null: all); see `wpclean transforms`
ignore: []                 # transform names to skip
encoding_fallback: null    # e.g. cp1252, for exports that are not UTF-8
exclude: [node_modules/, vendor/, _site/, public/]  # left out, as .gitignore lines; replaces these
extend_exclude: []         # added to exclude, e.g. ["themes/*/exampleSite"]
respect_gitignore: true    # leave out what the tree's .gitignore files ignore

frontmatter:
  drop_keys: []            # keys removed from every post's front matter
  keep_uncategorized: false  # true: keep WordPress's default category "Uncategorized"

ads:
  markers: ['ad_\\d+', matched_content, source_link, ad, ads, adsense]
  selectors: [ins.adsbygoogle, script, style, noscript, "iframe[src*='doubleclick']",
              .visually-hidden, .screen-reader-text, .sr-only, .sharedaddy, .sd-sharing-enabled,
              .jp-relatedposts, .yarpp-related, .related-posts, .related-stories,
              .addtoany_share_save_container, .share-buttons, .social-share]
  link_texts: ['go back to top\\.?(?: skip to:? start of article\\.?)?',
               'skip to:? (?:main )?(?:content|start of article)\\.?', 'back to top\\.?', scroll to top]
  tracker_hosts: [feeds.feedburner.com, feedsportal.com, doubleclick.net, pixel.wp.com,
                  stats.wordpress.com, feeds.wordpress.com, pixel.quantserve.com, www.google-analytics.com]
  pullquotes: remove       # remove | keep (as blockquotes)
  source_attribution: false  # true: keep the "Source" trailer as "Source: [host](url)"

figures:
  alt_from_caption: false  # true: fill an empty alt text from the caption

links:
  # https_hosts: [...]     # hosts whose http:// links become https:// (default: a list of major sites)
  tracking_params: [fbclid, gclid, dclid, msclkid, mc_cid, mc_eid, _ga, _hsenc, _hsmi, igshid]
  tracker_hosts: []        # hosts whose ref= and source= parameters are tracking too
  originals: false         # true: -300x200 upload variants become the original file

limits:
  max_file_mb: 20          # a larger file is reported (WPC909) and skipped without being read
  max_front_matter_kb: 64  # a larger front-matter block is reported (WPC909) and the file skipped
  seconds_per_file: 30     # a file that takes longer is reported (WPC910); the run goes on

site:
  old_urls: []             # e.g. [http://oldsite.com]; the export's own permalink host is added
  new_base: null           # e.g. https://new.example; null: relative links between the files
  media_base: null         # e.g. /media: where wp-content/uploads/ files are on the new site

media:                     # --media: bring images and attachments into OUT
  mode: link               # link (leave them where they are), download (fetch them; posts refer to the local files) or manifest (list them)
  folder: media            # below OUT (a site target's static folder): media/2016/05/a.jpg
  timeout: 20              # seconds to wait for a server
  tries: 3                 # tries per file, with backoff
  per_host: 4              # downloads at once from one host

check:
  select: []               # codes or prefixes to report (empty: all), e.g. [WPC2, WPC301]
  ignore: []               # codes or prefixes never to report
  severity: {}             # e.g. {WPC401: error, WPC5: info, WPC203: ignore}
"""
