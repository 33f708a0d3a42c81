"""The parts of a release, one module each: what a release is (`model`), the files it is made
of (`files`), its SQLite database (`database`), the documents for its readers — README,
CITATION.cff, Datasette metadata — (`readers`), and the zip and the atomic commit (`commit`).
`tekser.release.publish.publish_package` puts them together; the HTML report (drawn by
`tekser.render.page`) and the PROV document are `tekser.release.html` and
`tekser.release.prov`."""
