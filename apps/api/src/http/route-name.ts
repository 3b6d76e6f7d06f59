/**
 * The name of a route: the controller without "Controller", then the handler —
 * `ContainersController.start` is "containers.start". Stable as long as the code keeps its
 * names, and readable without the URL: the OpenAPI operationId and the audit action alike.
 */
export function routeNameOf(controller: { name: string }, handler: { name: string }): string {
  const feature = controller.name.replace(/Controller$/, '');
  return `${feature.charAt(0).toLowerCase()}${feature.slice(1)}.${handler.name}`;
}
