# Uploads each file and, with --wait, prints the doc_... ids once processed.
nugen documents upload kestrel-support-handbook.md --category support --wait
