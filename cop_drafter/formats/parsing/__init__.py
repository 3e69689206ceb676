"""The resolution parser, one module per job: line cleaning (`lines`), labels (`labels`), the heading
(`header`), footnotes (`footnotes`) and the parse loop with all its state in one builder (`builder`).

`formats.text_parser` is the public door (`parse_text`, `parse_bytes`, `parse_lines`).
"""
