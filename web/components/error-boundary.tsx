// A page that throws while rendering shows an error in its place instead of blanking the whole app;
// the layout keys it by URL so navigating away recovers.
import { Component, type ReactNode } from 'react';
import { Result } from 'antd';

type State = { error: Error | null };

export class PageErrorBoundary extends Component<{ children: ReactNode; title: string }, State> {
  state: State = { error: null };
  static getDerivedStateFromError(error: Error): State {
    return { error };
  }
  render() {
    if (this.state.error) return <Result status="error" title={this.props.title} subTitle={this.state.error.message} />;
    return this.props.children;
  }
}
