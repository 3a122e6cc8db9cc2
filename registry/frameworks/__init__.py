"""The openness frameworks other indexes use, and how our evidence reads against them.

`mof` computes the Model Openness Framework 1.0 class a model file claims, exactly as the
Model Openness Tool does; `mof_evidence` computes the class our evidence supports and
explains each difference; `osai` maps the European Open Source AI Index's grades to our
pillars. Pure: no web, ORM or schema framework.
"""
