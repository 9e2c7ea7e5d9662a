"""The PDF toolkit every printed form is made with: the checklists, the training sheets, the reports.

- `page`: the page template (masthead, footer with document control and QR code, "Page X of Y");
- `draw`: blocks laid out once as drawing operations, placed by platypus, never split between lines of a row;
- `text`: wrapping in linear time that never overflows (long words cut, titles shrunk or clipped);
- `fields`: form fields, so every form can be filled in on a tablet;
- `fonts`: DejaVu Sans, shipped with the package, and the machine's fonts for the letters it lacks;
- `scripts`: which font prints which script, told without loading one (`check` uses it; `dejavu` is its table);
- `bidi`: right-to-left lines in visual order, Arabic letters joined.
"""
