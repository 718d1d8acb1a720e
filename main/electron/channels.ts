/**
 * The only two IPC channels between the kiosk window and main (DESIGN §2): UiEvents go up on one,
 * UiSnapshots come down on the other. There is no generic invoke channel.
 */
export const UI_EVENT_CHANNEL = 'opendispense:ui-event';
export const UI_SNAPSHOT_CHANNEL = 'opendispense:ui-snapshot';
