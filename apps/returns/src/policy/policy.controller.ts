import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@omni/platform';
import { ReturnPolicyDto, SkuParams, SkuSettingDto, type ReturnPolicyView, type SkuRuleView } from './dto/policy.dto';
import { PolicyService } from './policy.service';

/** Admins set the policy; anyone may read it (channels show the window, POS shows what is returnable). */
@ApiTags('return policy')
@Controller('v1/return-policy')
export class PolicyController {
  constructor(private readonly policy: PolicyService) {}

  @Get()
  view(): Promise<ReturnPolicyView> {
    return this.policy.view();
  }

  @Put()
  @Roles('admin')
  replace(@Body() body: ReturnPolicyDto): Promise<ReturnPolicyView> {
    return this.policy.replace(body);
  }

  /** The rule in force for a SKU: its category, window and whether it is returnable. */
  @Get('skus/:sku')
  skuRule(@Param() { sku }: SkuParams): Promise<SkuRuleView> {
    return this.policy.skuRule(sku);
  }

  @Put('skus/:sku')
  @Roles('admin')
  setSku(@Param() { sku }: SkuParams, @Body() body: SkuSettingDto): Promise<SkuRuleView> {
    return this.policy.setSku(sku, body);
  }

  @Delete('skus/:sku')
  @Roles('admin')
  clearSku(@Param() { sku }: SkuParams): Promise<SkuRuleView> {
    return this.policy.clearSku(sku);
  }
}
