package bot

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// encodeMessage is json.Marshal(msg), byte for byte, written by hand for
// the messages replies make: sections, contexts and a button. slack-go's
// blocks marshal through reflection and encoding/json then compacts their
// output again, which was a tenth of a slash command's cost. Anything else
// goes to json.Marshal. TestEncodeMessage and FuzzEncodeMessage hold the
// two to the same bytes.
func encodeMessage(msg *slack.WebhookMessage) ([]byte, error) {
	if !plainMessage(msg) {
		return json.Marshal(msg)
	}
	b := make([]byte, 0, 1024)
	b = append(b, '{')
	if msg.Text != "" {
		b = append(b, `"text":`...)
		b = appendJSONString(b, msg.Text)
		b = append(b, ',')
	}
	if msg.Blocks != nil && len(msg.Blocks.BlockSet) > 0 {
		b = append(b, `"blocks":[`...)
		for i, blk := range msg.Blocks.BlockSet {
			if i > 0 {
				b = append(b, ',')
			}
			switch blk := blk.(type) {
			case *slack.SectionBlock:
				b = append(b, `{"type":"section","text":`...)
				b = appendTextObject(b, blk.Text)
				b = append(b, '}')
			case *slack.ContextBlock:
				b = append(b, `{"type":"context","elements":[`...)
				for j, el := range blk.ContextElements.Elements {
					if j > 0 {
						b = append(b, ',')
					}
					b = appendTextObject(b, el.(*slack.TextBlockObject))
				}
				b = append(b, "]}"...)
			case *slack.ActionBlock:
				b = append(b, `{"type":"actions","elements":[`...)
				for j, el := range blk.Elements.ElementSet {
					if j > 0 {
						b = append(b, ',')
					}
					btn := el.(*slack.ButtonBlockElement)
					b = append(b, `{"type":"button","text":`...)
					b = appendTextObject(b, btn.Text)
					if btn.ActionID != "" {
						b = append(b, `,"action_id":`...)
						b = appendJSONString(b, btn.ActionID)
					}
					if btn.Value != "" {
						b = append(b, `,"value":`...)
						b = appendJSONString(b, btn.Value)
					}
					b = append(b, '}')
				}
				b = append(b, "]}"...)
			}
		}
		b = append(b, "],"...)
	}
	if msg.ResponseType != "" {
		b = append(b, `"response_type":`...)
		b = appendJSONString(b, msg.ResponseType)
		b = append(b, ',')
	}
	b = append(b, `"replace_original":`...)
	b = appendBool(b, msg.ReplaceOriginal)
	b = append(b, `,"delete_original":`...)
	b = appendBool(b, msg.DeleteOriginal)
	return append(b, '}'), nil
}

// plainMessage tells whether encodeMessage writes msg itself.
func plainMessage(msg *slack.WebhookMessage) bool {
	if msg.Username != "" || msg.IconEmoji != "" || msg.IconURL != "" || msg.Channel != "" ||
		msg.ThreadTimestamp != "" || len(msg.Attachments) > 0 || msg.Parse != "" ||
		msg.ReplyBroadcast || msg.UnfurlLinks != nil || msg.UnfurlMedia != nil {
		return false
	}
	if msg.Blocks == nil {
		return true
	}
	plainText := func(t *slack.TextBlockObject) bool { return t != nil && !t.Verbatim }
	for _, blk := range msg.Blocks.BlockSet {
		switch blk := blk.(type) {
		case *slack.SectionBlock:
			if blk.Type != slack.MBTSection || !plainText(blk.Text) || blk.BlockID != "" || len(blk.Fields) > 0 || blk.Accessory != nil || blk.Expand {
				return false
			}
		case *slack.ContextBlock:
			if blk.Type != slack.MBTContext || blk.BlockID != "" || len(blk.ContextElements.Elements) == 0 {
				return false
			}
			for _, el := range blk.ContextElements.Elements {
				if t, ok := el.(*slack.TextBlockObject); !ok || !plainText(t) {
					return false
				}
			}
		case *slack.ActionBlock:
			if blk.Type != slack.MBTAction || blk.BlockID != "" || blk.Elements == nil || len(blk.Elements.ElementSet) == 0 {
				return false
			}
			for _, el := range blk.Elements.ElementSet {
				btn, ok := el.(*slack.ButtonBlockElement)
				if !ok || btn.Type != slack.METButton || !plainText(btn.Text) || btn.URL != "" || btn.Confirm != nil ||
					btn.Style != "" || btn.AccessibilityLabel != "" || btn.AgentPrompt != "" ||
					btn.AgentPromptDisplay != "" || len(btn.VisibleToUserIDs) > 0 {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

func appendTextObject(b []byte, t *slack.TextBlockObject) []byte {
	b = append(b, `{"type":`...)
	b = appendJSONString(b, t.Type)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, t.Text)
	if t.Emoji != nil {
		b = append(b, `,"emoji":`...)
		b = appendBool(b, *t.Emoji)
	}
	return append(b, '}')
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendJSONString quotes s as encoding/json does by default: HTML
// characters, control characters, U+2028 and U+2029 escaped, invalid
// UTF-8 replaced.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
