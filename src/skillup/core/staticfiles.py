"""Static files in production: WhiteNoise's compressed, hashed-name storage that tolerates source maps
which are not shipped (issue 10 item 2).

Vendored minified assets (Bootstrap's bundle and CSS, django-ninja's Swagger UI) end with a
`sourceMappingURL` comment naming a `.map` file. Django's manifest storage rewrites that reference to the
map's hashed name and fails `collectstatic` when the map is absent, after which every page answers 500
(no manifest entry for the stylesheet). Maps are only a debugging aid for the browser's developer tools,
so a reference to a missing map is dropped from the hashed copy; every other missing reference (a CSS
`url()`, a JS module import) still fails the build as it should.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)
        if not template or "sourceMappingURL" not in template:
            return convert

        def convert_source_map(matchobj):
            try:
                return convert(matchobj)
            except ValueError:  # the map is not among the static files: no reference at all
                return ""

        return convert_source_map
