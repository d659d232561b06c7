/**
 * Queue board: the admins' view of the queues, mounted on the HTTP server at start-up.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { mountQueueBoard, QUEUE_BOARD_PATH } from './queue-board.js';
