-- The player address a host's video provider gives (HLS or WebRTC); LiveShop does not carry video.
alter table live_stream add column playback_url varchar(2000);
-- The public lists of live and upcoming streams (GET /api/streams?status=).
create index live_stream_status_start_idx on live_stream (status, scheduled_start, id);
