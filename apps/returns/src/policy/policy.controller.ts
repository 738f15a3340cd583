import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute, Roles } from '@omni/platform';
import { ReturnPolicyDto, SkuParams, SkuSettingDto, type ReturnPolicyView, type SkuRuleView } from './dto/policy.dto';
import { RETURN_POLICY_VIEW, SKU_RULE_VIEW } from './dto/policy.api';
import { PolicyService } from './policy.service';

/** Admins set the policy; anyone may read it (channels show the window, POS shows what is returnable). */
@ApiTags('return policy')
@Controller('v1/return-policy')
export class PolicyController {
  constructor(private readonly policy: PolicyService) {}

  @Get()
  @ApiRoute({ summary: 'The return policy in force', answers: { 200: RETURN_POLICY_VIEW } })
  view(): Promise<ReturnPolicyView> {
    return this.policy.view();
  }

  @Put()
  @Roles('admin')
  @ApiRoute({
    summary: 'Replace the whole return policy',
    answers: { 200: RETURN_POLICY_VIEW },
    requestExample: {
      defaultWindowDays: 30,
      restockingFeeBps: 1000,
      feeWaivedReasons: ['defective', 'wrong-item'],
      categories: [{ category: 'shoes', windowDays: 60, skuPrefixes: ['SH-'] }],
    },
  })
  replace(@Body() body: ReturnPolicyDto): Promise<ReturnPolicyView> {
    return this.policy.replace(body);
  }

  /** The rule in force for a SKU: its category, window and whether it is returnable. */
  @Get('skus/:sku')
  @ApiRoute({
    summary: 'The rule in force for a SKU: its category, window and whether it is returnable',
    answers: { 200: SKU_RULE_VIEW },
  })
  skuRule(@Param() { sku }: SkuParams): Promise<SkuRuleView> {
    return this.policy.skuRule(sku);
  }

  @Put('skus/:sku')
  @Roles('admin')
  @ApiRoute({
    summary: 'Give a SKU its own category or returnability',
    answers: { 200: SKU_RULE_VIEW },
    requestExample: { category: 'shoes', returnable: true },
  })
  setSku(@Param() { sku }: SkuParams, @Body() body: SkuSettingDto): Promise<SkuRuleView> {
    return this.policy.setSku(sku, body);
  }

  @Delete('skus/:sku')
  @Roles('admin')
  @ApiRoute({
    summary: "Clear a SKU's own setting: it follows prefixes and the default again",
    answers: { 200: SKU_RULE_VIEW },
  })
  clearSku(@Param() { sku }: SkuParams): Promise<SkuRuleView> {
    return this.policy.clearSku(sku);
  }
}
