#!/bin/sh
# Stands in for Prisma's schema engine, which cannot be downloaded on Berth's machines.
# `prisma generate` only needs the variable to point at a file; migrations are applied
# by Berth's own runner (src/migrations). Anything that really runs the engine stops here.
echo "prisma: the schema engine is not installed here; Berth applies migrations itself (libs/db/src/migrations)" >&2
exit 1
