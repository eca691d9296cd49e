"""HR's occupation directory (附件2 注2): new occupations with the category HR assigns, replaced names.

`skillup.directory.catalogue.current()` is the policy Catalogue extended with these entries; every part of
SkillUp that quotes real claims or checks an occupation name reads it.
"""
