package bot

import (
	"context"
	"io"

	"github.com/slack-go/slack"
)

// Slack is every Web API call the bot makes; *slack.Client is one. A
// workspace's calls are made with its own (Authorization), the single
// workspace's with Options.Slack. Where there is no Slack at all (the
// console), it is nil, and the features that need it are off: nothing
// is found out by asserting what a client can do.
type Slack interface {
	// chat.postMessage: replies, the editors' digest and notes.
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	// conversations.replies: a thread read back (conversation.go).
	GetConversationRepliesContext(ctx context.Context, params *slack.GetConversationRepliesParameters) (msgs []slack.Message, hasMore bool, nextCursor string, err error)
	// assistant.threads.*: the assistant panel (assistant.go).
	SetAssistantThreadsSuggestedPromptsContext(ctx context.Context, params slack.AssistantThreadsSetSuggestedPromptsParameters) error
	SetAssistantThreadsStatusContext(ctx context.Context, params slack.AssistantThreadsSetStatusParameters) error
	SetAssistantThreadsTitleContext(ctx context.Context, params slack.AssistantThreadsSetTitleParameters) error
	// views.publish: the Home tab (home.go).
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	// files.info and the download of a file the admins share (fetch.go).
	// A download sends the client's token, and slack-go sends it only to
	// Slack's hosts (or SLACK_API_URL's).
	GetFileInfoContext(ctx context.Context, fileID string, count, page int) (*slack.File, []slack.Comment, *slack.Paging, error)
	GetFileContext(ctx context.Context, downloadURL string, w io.Writer) error
}

var _ Slack = (*slack.Client)(nil)
