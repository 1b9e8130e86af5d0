# Prints each file's document_... id (final from the start); --wait returns once each is READY.
nugen documents upload kestrel-support-handbook.md --category support --wait
