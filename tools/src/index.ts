export { readComposeFile, type ComposeFile, type ComposeService } from './deployment/compose-file.js';
export { readDockerfile, type DockerfileFacts } from './deployment/dockerfile.js';
export { seedBusyboxImage } from './seed/busybox-image.js';
