/* serve.h - `serve`: the fork server that runs `create` for a long-lived
 * parent (see serve.c for the protocol). */
#ifndef BERTH_SERVE_H
#define BERTH_SERVE_H

int cmd_serve(void);

#endif
